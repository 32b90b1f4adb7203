/**
 * The small interface the ACME rehearsal publishes DNS-01 TXT records through, and the DNS
 * queries it uses to see them: on the zone's authoritative name servers for real providers, on
 * the challenge test server's DNS port for Pebble.
 */
import { Resolver } from "node:dns/promises";

export { RehearsalDnsKind } from "./kind";

/** What a provider needs to remove exactly the record it created. */
export interface RecordHandle {
  readonly fqdn: string;
  readonly value: string;
  /** Provider-specific identity (a Cloudflare record id, a Route53 change id). */
  readonly id?: string;
}

/** Publishes, removes and waits for `_acme-challenge` TXT records. */
export interface DnsProvider {
  readonly name: string;
  publish(fqdn: string, value: string): Promise<RecordHandle>;
  remove(handle: RecordHandle): Promise<void>;
  /** Resolves once `value` is served for `fqdn`; rejects after `deadline` (epoch ms). */
  waitVisible(fqdn: string, value: string, deadline: number): Promise<void>;
}

/** Removes the trailing dot and lower-cases, so handles compare reliably. */
export function normaliseFqdn(fqdn: string): string {
  return fqdn.replace(/\.$/, "").toLowerCase();
}

/** Network error codes, in words. */
const NETWORK_FAILURES: Readonly<Record<string, string>> = {
  ECONNREFUSED: "connection refused, nothing listens there",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "host name lookup failed",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ETIMEDOUT: "connection timed out",
  EPIPE: "connection closed while sending",
};

/**
 * Why a request failed, in words: the first network error code along the `cause` chain (fetch
 * and SDKs wrap it in "fetch failed" or "Connection error."), else the innermost message.
 */
export function networkFailure(err: unknown): string {
  let innermost = err;
  for (let e: unknown = err; e instanceof Error; e = e.cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && NETWORK_FAILURES[code]) {
      return `${NETWORK_FAILURES[code]} (${code})`;
    }
    innermost = e;
  }
  return innermost instanceof Error ? innermost.message : String(innermost);
}

/**
 * A failed request to a DNS provider's API: what it was doing, the request, how long it waited
 * in all (retries included) and why, e.g. `challtestsrv: publish TXT _acme-challenge.a.test:
 * POST http://127.0.0.1:8055/set-txt failed after 2 ms: connection refused, nothing listens there`.
 */
export function requestError(
  provider: string,
  action: string,
  request: { readonly method: string; readonly url: string; readonly startedAt: number },
  why: string,
): Error {
  return new Error(
    `${provider}: ${action}: ${request.method} ${request.url} failed after ` +
      `${Date.now() - request.startedAt} ms: ${why}`,
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The TXT strings `server` (host or host:port) serves for `fqdn`; empty when there are none. */
export async function txtValues(server: string, fqdn: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 2000, tries: 1 });
  resolver.setServers([server]);
  try {
    return (await resolver.resolveTxt(normaliseFqdn(fqdn))).map((chunks) => chunks.join(""));
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "ENODATA" || code === "ENOTFOUND") return [];
    throw err;
  }
}

/**
 * Polls every server until each serves `value` at `fqdn`. Each server is asked separately:
 * a resolver given several servers only falls back on errors, so it would hide a lagging one.
 */
export async function waitForTxt(
  servers: readonly string[],
  fqdn: string,
  value: string,
  deadline: number,
  intervalMs = 250,
): Promise<void> {
  if (servers.length === 0) throw new Error(`no name servers to check ${fqdn} on`);
  const pending = new Set(servers);
  const started = Date.now();
  let lastError = "";
  for (;;) {
    for (const server of [...pending]) {
      try {
        if ((await txtValues(server, fqdn)).includes(value)) pending.delete(server);
      } catch (err) {
        lastError = ` (last error: ${(err as Error).message})`;
      }
    }
    if (pending.size === 0) return;
    if (Date.now() + intervalMs > deadline) {
      throw new Error(
        `TXT record ${fqdn} not visible on ${[...pending].join(", ")} after ` +
          `${((Date.now() - started) / 1000).toFixed(1)}s, at the deadline${lastError}`,
      );
    }
    await sleep(intervalMs);
    intervalMs = Math.min(intervalMs * 2, 5000);
  }
}

/**
 * The addresses of the authoritative name servers of the zone holding `fqdn`: walks up the
 * labels until a name has NS records, then resolves each server name (IPv4, then IPv6).
 */
export async function authoritativeServers(fqdn: string): Promise<string[]> {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  const labels = normaliseFqdn(fqdn).split(".");
  for (let i = 0; i < labels.length - 1; i++) {
    const name = labels.slice(i).join(".");
    let hosts: string[];
    try {
      hosts = await resolver.resolveNs(name);
    } catch {
      continue;
    }
    if (hosts.length === 0) continue;
    const addresses = await Promise.all(
      hosts.map(async (h) => {
        const v4 = await resolver.resolve4(h).catch(() => [] as string[]);
        if (v4.length > 0) return v4;
        return (await resolver.resolve6(h).catch(() => [] as string[])).map((a) => `[${a}]`);
      }),
    );
    const flat = addresses.flat();
    if (flat.length > 0) return flat;
  }
  throw new Error(`no authoritative name servers found for ${fqdn}`);
}
