/**
 * Pebble's challenge test server as a DNS provider: `/set-txt` and `/clear-txt` on its
 * management port, visibility checked on its DNS port (the one Pebble's `-dnsserver` uses).
 * @see https://github.com/letsencrypt/pebble/tree/main/cmd/pebble-challtestsrv
 */
import {
  networkFailure,
  normaliseFqdn,
  requestError,
  waitForTxt,
  type DnsProvider,
  type RecordHandle,
} from "./provider";

/** How long one management call may take. */
const REQUEST_TIMEOUT_MS = 10_000;

export interface ChalltestsrvDnsOptions {
  /** Management URL, e.g. `http://127.0.0.1:8055`. */
  readonly managementUrl: string;
  /** The DNS-01 server as host:port, e.g. `127.0.0.1:8053`. */
  readonly dnsServer: string;
}

export class ChalltestsrvDns implements DnsProvider {
  readonly name = "challtestsrv";
  /** Values this provider published, by name: `/clear-txt` clears a whole name. */
  private readonly published = new Map<string, string[]>();

  constructor(private readonly options: ChalltestsrvDnsOptions) {}

  async publish(fqdn: string, value: string): Promise<RecordHandle> {
    const name = normaliseFqdn(fqdn);
    await this.post(`publish TXT ${name}`, "/set-txt", { host: `${name}.`, value });
    this.published.set(name, [...(this.published.get(name) ?? []), value]);
    return { fqdn: name, value };
  }

  async remove(handle: RecordHandle): Promise<void> {
    const name = normaliseFqdn(handle.fqdn);
    const remaining = [...(this.published.get(name) ?? [])];
    const at = remaining.indexOf(handle.value);
    if (at >= 0) remaining.splice(at, 1);
    const action = `remove TXT ${name}`;
    await this.post(action, "/clear-txt", { host: `${name}.` });
    // Put back the values of other handles on the same name (wildcard and apex share one).
    for (const value of remaining) await this.post(action, "/set-txt", { host: `${name}.`, value });
    if (remaining.length > 0) this.published.set(name, remaining);
    else this.published.delete(name);
  }

  waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    return waitForTxt([this.options.dnsServer], fqdn, value, deadline, 50);
  }

  private async post(action: string, path: string, body: object): Promise<void> {
    const url = new URL(path, this.options.managementUrl);
    const request = { method: "POST", url: url.href, startedAt: Date.now() };
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      const why =
        (err as Error).name === "TimeoutError"
          ? `no answer within ${REQUEST_TIMEOUT_MS / 1000}s`
          : networkFailure(err);
      throw requestError(
        this.name,
        action,
        request,
        `${why}; check that pebble-challtestsrv runs with -management ${url.host}`,
      );
    }
    if (!response.ok) throw requestError(this.name, action, request, `HTTP ${response.status}`);
  }
}
