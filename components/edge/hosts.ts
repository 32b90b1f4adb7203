/**
 * Host names as Ingress `rules[].host`, Gateway listener `hostname` and certificate `dnsNames`
 * accept them: lower-case RFC 1123 names with at least two labels, optionally one leading `*.`.
 */

const LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Why a host name is not valid, or undefined when it is. */
export function hostProblem(host: string): string | undefined {
  if (host.length === 0) return "is empty";
  if (host !== host.toLowerCase()) return "has upper-case letters";
  if (host.endsWith(".")) return "ends with a dot";
  if (host.length > 253) return "is longer than 253 characters";
  if (/^\d+(\.\d+){3}$/.test(host) || host.includes(":")) return "is an IP address";
  const bare = host.startsWith("*.") ? host.slice(2) : host;
  const labels = bare.split(".");
  if (labels.length < 2) return "has a single label";
  const bad = labels.find((l) => l.length > 63 || !LABEL.test(l));
  if (bad !== undefined) return `has an invalid label ${JSON.stringify(bad)}`;
  return undefined;
}

/** True when `name` (a certificate or listener name, maybe `*.zone`) covers `host`. */
export function covers(name: string, host: string): boolean {
  if (name === host) return true;
  if (!name.startsWith("*.")) return false;
  const zone = name.slice(1); // ".example.com"
  const rest = host.endsWith(zone) ? host.slice(0, -zone.length) : "";
  // A wildcard covers exactly one label: "*.example.com" covers "a.example.com" only.
  return rest.length > 0 && !rest.includes(".") && !rest.startsWith("*");
}

/** A host as part of an object or listener name: `*.example.com` → `wildcard-example-com`. */
export function hostKey(host: string): string {
  return host.replace(/^\*\./, "wildcard.").replace(/\./g, "-");
}
