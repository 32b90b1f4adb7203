/**
 * Kubernetes object names and label keys, as the API server validates them
 * (k8s.io/apimachinery/pkg/util/validation: `IsDNS1123Label`, `IsDNS1123Subdomain`,
 * `IsQualifiedName`). Host names (Ingress hosts, certificate names) are in hosts.ts.
 */

/** One RFC 1123 label in lower case, without its length limit (one capture group). */
export const LABEL = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1123_LABEL = new RegExp(`^${LABEL}$`);
const DNS1123_SUBDOMAIN = new RegExp(`^${LABEL}(\\.${LABEL})*$`);
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
/** A label value: empty, or alphanumerics at both ends with `-`, `_` and `.` between. */
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** The name part of a label key: alphanumerics at both ends, `-`, `_` and `.` between. */
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/** An RFC 1123 label of at most 63 characters: namespace names, Service and port names. */
export function isDns1123Label(value: string): boolean {
  return value.length <= 63 && DNS1123_LABEL.test(value);
}

/** An RFC 1035 label of at most 63 characters (a letter first): Service names. */
export function isDns1035Label(value: string): boolean {
  return value.length <= 63 && DNS1035_LABEL.test(value);
}

/** An RFC 1123 subdomain of at most 253 characters: most object names (Secrets, issuers). */
export function isDns1123Subdomain(value: string): boolean {
  return value.length <= 253 && DNS1123_SUBDOMAIN.test(value);
}

/** A label or annotation key: `[prefix/]name`, the prefix a subdomain, the name 63 at most. */
export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = key.slice(slash + 1);
  if (prefix !== undefined && (prefix === "" || !isDns1123Subdomain(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME.test(name);
}

/** A label value: at most 63 characters, empty allowed. */
export function isLabelValue(value: string): boolean {
  return value.length <= 63 && LABEL_VALUE.test(value);
}
