/**
 * Value checks the issuers and DNS-01 solvers share: URLs, and how a value is shown in a message.
 * The problems collector, the known-value predicate, base64 and the name rules are in
 * `components/lib`.
 */

/** An absolute https:// URL. */
export function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === "https:";
  } catch {
    return false;
  }
}

/** Serialises a plain value for a message. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
