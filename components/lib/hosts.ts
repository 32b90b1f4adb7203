/**
 * Host names as Ingress `rules[].host`, Gateway listener `hostname` and certificate `dnsNames`
 * take them, and the one wildcard rule TLS clients match by: used alike by the components, the
 * stack config and the policy pack.
 *
 * A host name is lower case (Kubernetes refuses upper case in Ingress hosts and listener
 * hostnames), at most 253 characters, of at least two RFC 1123 labels (1 to 63 letters, digits
 * and hyphens, no hyphen at either end), with a top-level label that is not all digits (that is
 * an IPv4 address, which ACME CAs do not issue for as a DNS name), and no trailing dot. A
 * wildcard is `*.` as the whole first label.
 */

/** One DNS label (RFC 1123 §2.1): 1 to 63 letters, digits and hyphens, no hyphen at either end. */
const LABEL = /^[A-Za-z0-9]([-A-Za-z0-9]{0,61}[A-Za-z0-9])?$/;
/** The same with `_` as a letter, as name servers take it in other names (RFC 2181 §11). */
const LABEL_UNDERSCORE = /^[A-Za-z0-9_]([-A-Za-z0-9_]{0,61}[A-Za-z0-9_])?$/;

/** Why `host` is not a valid host name (`*.` allowed first), or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host.length === 0) return "is empty";
  if (host !== host.toLowerCase()) return "has upper-case letters";
  if (host.endsWith(".")) return "ends with a dot";
  if (host.length > 253) return "is longer than 253 characters";
  if (/^\d+(\.\d+){3}$/.test(host) || host.includes(":")) return "is an IP address";
  const labels = (isWildcard(host) ? host.slice(2) : host).split(".");
  if (labels.length < 2) return "has a single label";
  if (/^[0-9]+$/.test(labels.at(-1)!)) return "has an all-numeric top-level label";
  const bad = labels.find((label) => !LABEL.test(label));
  if (bad !== undefined) return `has an invalid label ${JSON.stringify(bad)}`;
  return undefined;
}

/**
 * Whether `name` is a DNS name as a name server takes it: labels of any case, 253 characters at
 * most, an optional trailing dot; with `underscores`, `_` counts as a letter (TSIG key names).
 * Host names (hostProblem) are the lower-case, dotless, two-label-or-more kind.
 */
export function isDnsName(name: string, options: { readonly underscores?: boolean } = {}): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const label = options.underscores ? LABEL_UNDERSCORE : LABEL;
  return (name.endsWith(".") ? name.slice(0, -1) : name).split(".").every((l) => label.test(l));
}

/** Whether a name is a valid host name or wildcard (see hostProblem). */
export function isValidDnsName(name: string): boolean {
  return hostProblem(name) === undefined;
}

/** Whether a name is a wildcard (`*.example.com`). */
export function isWildcard(name: string): boolean {
  return name.startsWith("*.");
}

/**
 * Whether a certificate or listener name (maybe a wildcard) covers a host, as TLS clients match
 * (RFC 6125 §6.4.3): the same name in any case, or `*.zone` covering exactly one label more
 * (`*.example.com` covers `a.example.com`, not `example.com` nor `a.b.example.com`).
 */
export function dnsNameCovers(name: string, host: string): boolean {
  const have = name.toLowerCase();
  const want = host.toLowerCase();
  if (have === want) return true;
  if (!isWildcard(have)) return false;
  const zone = have.slice(1); // ".example.com"
  const label = want.endsWith(zone) ? want.slice(0, -zone.length) : "";
  return label.length > 0 && !label.includes(".") && !label.includes("*");
}

/** Whether a name is a DNS zone name: a valid host name that is not a wildcard. */
export function isZoneName(zone: string): boolean {
  return !isWildcard(zone) && hostProblem(zone) === undefined;
}

/** Whether `host` is `zone` or a name inside it (a wildcard by the zone it stands in). */
export function inZone(host: string, zone: string): boolean {
  const bare = isWildcard(host) ? host.slice(2) : host;
  return bare === zone || bare.endsWith(`.${zone}`);
}

/** A host as part of an object or listener name: `*.example.com` → `wildcard-example-com`. */
export function hostKey(host: string): string {
  return host.replace(/^\*\./, "wildcard.").replace(/\./g, "-");
}

/** Let's Encrypt's limit on names per certificate; other public CAs are at or below it. */
export const MAX_DNS_NAMES = 100;
