/**
 * Pebble's challenge test server as a DNS provider: `/set-txt` and `/clear-txt` on its
 * management port, visibility checked on its DNS port (the one Pebble's `-dnsserver` uses).
 * @see https://github.com/letsencrypt/pebble/tree/main/cmd/pebble-challtestsrv
 */
import { normaliseFqdn, waitForTxt, type DnsProvider, type RecordHandle } from "./provider";

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
    await this.post("/set-txt", { host: `${name}.`, value });
    this.published.set(name, [...(this.published.get(name) ?? []), value]);
    return { fqdn: name, value };
  }

  async remove(handle: RecordHandle): Promise<void> {
    const name = normaliseFqdn(handle.fqdn);
    const remaining = [...(this.published.get(name) ?? [])];
    const at = remaining.indexOf(handle.value);
    if (at >= 0) remaining.splice(at, 1);
    await this.post("/clear-txt", { host: `${name}.` });
    // Put back the values of other handles on the same name (wildcard and apex share one).
    for (const value of remaining) await this.post("/set-txt", { host: `${name}.`, value });
    if (remaining.length > 0) this.published.set(name, remaining);
    else this.published.delete(name);
  }

  waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    return waitForTxt([this.options.dnsServer], fqdn, value, deadline, 50);
  }

  private async post(path: string, body: object): Promise<void> {
    const url = new URL(path, this.options.managementUrl);
    const response = await fetch(url, {
      method: "POST",
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      throw new Error(`challtestsrv ${path} answered HTTP ${response.status}`);
    }
  }
}
