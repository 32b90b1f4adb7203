/**
 * ACME directory URLs compared as the CA's server sees them, not as strings: the one rule every
 * staging-first check (components, stack config, policy pack, `tls-edge rehearse`) applies.
 * `https://acme-v02.api.letsencrypt.org:443/directory`, a trailing `?` or `#`, `user@`, a
 * trailing dot on the host, `/./` or `//` all reach Let's Encrypt production, so all of them are
 * production.
 */

/** Characters RFC 3986 calls unreserved: percent-encoding them changes nothing on the wire. */
const UNRESERVED = /%(2[dDeE]|3[0-9]|[46][1-9a-fA-F]|[57][0-9aA]|5[fF]|7[eE])/g;

/**
 * The canonical form of a directory URL: scheme and host in lower case, no trailing dot on the
 * host, no user info, no default port, the path with dot segments, repeated and trailing
 * slashes removed and unreserved characters decoded (in lower case: servers that match paths
 * without regard to case must not slip through), no query or fragment. Undefined when the text
 * is not an http(s) URL.
 */
export function canonicalAcmeUrl(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    return undefined;
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return undefined;
  const host = url.hostname.toLowerCase().replace(/\.+$/, "");
  const port = url.port && url.port !== (url.protocol === "https:" ? "443" : "80") ? url.port : "";
  const segments: string[] = [];
  const decoded = url.pathname.replace(UNRESERVED, (m) =>
    String.fromCharCode(parseInt(m.slice(1), 16)),
  );
  for (const segment of decoded.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  const path = segments.join("/").toLowerCase();
  return `${url.protocol}//${host}${port ? `:${port}` : ""}/${path}`;
}

/** Whether two directory URLs name the same directory (false when either is not a URL). */
export function sameAcmeDirectory(a: string, b: string): boolean {
  const ca = canonicalAcmeUrl(a);
  return ca !== undefined && ca === canonicalAcmeUrl(b);
}

/** The value for the first key of `table` naming the same directory as `url`. */
export function lookupAcmeDirectory<T>(
  table: Readonly<Record<string, T>>,
  url: string,
): T | undefined {
  const c = canonicalAcmeUrl(url);
  if (c === undefined) return undefined;
  for (const [key, value] of Object.entries(table)) {
    if (canonicalAcmeUrl(key) === c) return value;
  }
  return undefined;
}
