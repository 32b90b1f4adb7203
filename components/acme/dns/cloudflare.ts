/**
 * Cloudflare as a DNS provider, through the official SDK: one TXT record per value, deleted by
 * the id Cloudflare returned. Needs a token with Zone / DNS / Edit on the zone.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/
 */
import type Cloudflare from "cloudflare";
import {
  authoritativeServers,
  normaliseFqdn,
  waitForTxt,
  type DnsProvider,
  type RecordHandle,
} from "./provider";

export interface CloudflareDnsOptions {
  /** The zone id (not the zone name) holding the `_acme-challenge` names. */
  readonly zoneId: string;
  /** @default process.env.CLOUDFLARE_API_TOKEN */
  readonly apiToken?: string;
  /** Another API base URL (tests). @default "https://api.cloudflare.com/client/v4" */
  readonly baseURL?: string;
  /** @default 60 (Cloudflare's minimum for non-enterprise zones) */
  readonly ttl?: number;
  /** Name servers (host or host:port) to check visibility on. @default the zone's NS */
  readonly nameServers?: readonly string[];
}

export class CloudflareDns implements DnsProvider {
  readonly name = "cloudflare";
  private readonly token: string;
  private client?: Cloudflare;

  constructor(private readonly options: CloudflareDnsOptions) {
    const token = options.apiToken ?? process.env.CLOUDFLARE_API_TOKEN;
    if (!token) {
      throw new Error(
        "cloudflare: no API token; set CLOUDFLARE_API_TOKEN to a token with Zone / DNS / Edit",
      );
    }
    this.token = token;
  }

  async publish(fqdn: string, value: string): Promise<RecordHandle> {
    const name = normaliseFqdn(fqdn);
    const record = await (
      await this.sdk()
    ).dns.records.create({
      zone_id: this.options.zoneId,
      type: "TXT",
      name,
      // Quoted, as Cloudflare recommends for TXT content; resolvers see the bare value.
      content: `"${value}"`,
      ttl: this.options.ttl ?? 60,
      comment: "tls-edge ACME rehearsal",
    });
    return { fqdn: name, value, id: record.id };
  }

  async remove(handle: RecordHandle): Promise<void> {
    if (!handle.id) throw new Error(`cloudflare: no record id for ${handle.fqdn}`);
    await (await this.sdk()).dns.records.delete(handle.id, { zone_id: this.options.zoneId });
  }

  async waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    const servers = this.options.nameServers ?? (await authoritativeServers(fqdn));
    await waitForTxt(servers, fqdn, value, deadline);
  }

  private async sdk(): Promise<Cloudflare> {
    if (!this.client) {
      // Loaded on first use: importing tls-edge must not load every provider's SDK.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { default: Client } = require("cloudflare") as typeof import("cloudflare");
      this.client = new Client({
        apiToken: this.token,
        ...(this.options.baseURL ? { baseURL: this.options.baseURL } : {}),
        maxRetries: 2,
        timeout: 30_000,
      });
    }
    return this.client;
  }
}
