/**
 * Value checks the issuers and DNS-01 solvers share: URLs, base64, and how a value is shown in
 * a message. The problems collector, the known-value predicate and the name rules are in
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

/** Standard base64 (what cert-manager's `caBundle` fields hold). */
export function isBase64(value: string): boolean {
  return value.length > 0 && value.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(value);
}

/** Serialises a plain value for a message. */
export function show(value: unknown): string {
  return JSON.stringify(value);
}
