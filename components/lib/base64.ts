/**
 * Base64 as the Go code that reads our values decodes it (encoding/base64, Go 1.26): like Go's
 * decoder, these skip '\r' and '\n' and ignore bits left over in the last character. Both need a
 * value with at least one character; an empty one is a missing one, reported as such.
 */

/** Go skips carriage returns and newlines anywhere in the input. */
const LINE_BREAKS = /[\r\n]/g;

/**
 * Whether `base64.StdEncoding` decodes `value` (standard alphabet, padded): how the API server
 * reads a `[]byte` field from JSON, such as cert-manager's `caBundle`, and how cert-manager's
 * RFC 2136 solver reads a TSIG secret.
 */
export function isStdBase64(value: string): boolean {
  const s = value.replace(LINE_BREAKS, "");
  return s.length > 0 && s.length % 4 === 0 && /^[A-Za-z0-9+/]+={0,2}$/.test(s);
}

/**
 * Whether `base64.RawURLEncoding` decodes `value` (URL alphabet, no padding): how cert-manager
 * reads an ACME external account binding's HMAC key (v1.21.1 pkg/issuer/acme/setup.go,
 * `getEABKey`).
 */
export function isRawUrlBase64(value: string): boolean {
  const s = value.replace(LINE_BREAKS, "");
  return s.length > 0 && s.length % 4 !== 1 && /^[A-Za-z0-9_-]+$/.test(s);
}
