/** Host names and TLS host patterns. */

/**
 * True when a certificate/TLS host pattern covers a host: exact match, or a wildcard
 * `*.example.com` covering exactly one more label (`a.example.com`, not `a.b.example.com`).
 */
export function hostCovered(pattern: string, host: string): boolean {
  const p = pattern.toLowerCase();
  const h = host.toLowerCase();
  if (p === h) return true;
  if (!p.startsWith("*.")) return false;
  const suffix = p.slice(1);
  if (!h.endsWith(suffix)) return false;
  const label = h.slice(0, h.length - suffix.length);
  return label.length > 0 && !label.includes(".") && label !== "*";
}

/** True for a wildcard name (`*.example.com`). */
export function isWildcard(name: string): boolean {
  return name.startsWith("*");
}
