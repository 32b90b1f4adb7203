/**
 * DNS names as certificates carry them (RFC 1123 host names, a `*.` wildcard only as the whole
 * left-most label), and Go durations as cert-manager parses them.
 */

/** Let's Encrypt's limit on names per certificate; other public CAs are at or below it. */
export const MAX_DNS_NAMES = 100;

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

/** Whether a name is a valid certificate DNS name (lower case, optional leading `*.`). */
export function isValidDnsName(name: string): boolean {
  if (name.length === 0 || name.length > 253) return false;
  const labels = (name.startsWith("*.") ? name.slice(2) : name).split(".");
  if (labels.length < 2) return false;
  // An all-numeric top-level label is an IP address, not a host name.
  if (/^[0-9]+$/.test(labels[labels.length - 1]!)) return false;
  return labels.every((label) => LABEL.test(label));
}

/** Whether the name is a wildcard (`*.example.com`). */
export function isWildcard(name: string): boolean {
  return name.startsWith("*.");
}

/** Whether a certificate name (possibly a wildcard) covers a host name, as TLS clients match. */
export function dnsNameCovers(certificateName: string, host: string): boolean {
  const have = certificateName.toLowerCase();
  const want = host.toLowerCase();
  if (have === want) return true;
  if (!isWildcard(have)) return false;
  const dot = want.indexOf(".");
  return dot > 0 && want.slice(dot) === have.slice(1) && want.slice(0, dot) !== "*";
}

const GO_DURATION = /^([0-9]*(\.[0-9]*)?)(ns|us|µs|μs|ms|s|m|h)/;
const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Milliseconds of a Go duration (`time.ParseDuration`: `720h`, `1h30m`, `90m`, `1.5h`);
 * undefined when Go would reject it (e.g. `90d`, `720`, `-1h`).
 */
export function parseGoDuration(text: string): number | undefined {
  if (text === "0") return 0;
  let rest = text;
  let total = 0;
  if (rest.length === 0) return undefined;
  while (rest.length > 0) {
    const m = GO_DURATION.exec(rest);
    if (!m || m[1] === "" || m[1] === ".") return undefined;
    total += Number(m[1]) * UNIT_MS[m[3]!]!;
    rest = rest.slice(m[0].length);
  }
  return total;
}

/** A duration in milliseconds as Go prints it, in hours, minutes and seconds (`33h20m`). */
export function formatGoDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const parts = [h ? `${h}h` : "", m ? `${m}m` : "", s ? `${s}s` : ""].join("");
  return parts || "0s";
}
