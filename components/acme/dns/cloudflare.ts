/**
 * Cloudflare as a DNS provider, through the official SDK: one TXT record per value, deleted by
 * the id Cloudflare returned. Needs a token with Zone / DNS / Edit on the zone.
 * @see https://developers.cloudflare.com/api/resources/dns/subresources/records/
 */
import type Cloudflare from "cloudflare";
import {
  authoritativeServers,
  networkFailure,
  normaliseFqdn,
  requestError,
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

/** Per attempt; the SDK retries connection failures, timeouts, 429 and 5xx. */
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_RETRIES = 2;

type CloudflareModule = typeof import("cloudflare");

export class CloudflareDns implements DnsProvider {
  readonly name = "cloudflare";
  private readonly token: string;
  private client?: Cloudflare;
  private sdkModule?: CloudflareModule["default"];

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
    const zone = this.options.zoneId;
    const record = await this.request(
      `publish TXT ${name}`,
      "POST",
      `/zones/${zone}/dns_records`,
      (client) =>
        client.dns.records.create({
          zone_id: zone,
          type: "TXT",
          name,
          // Quoted, as Cloudflare recommends for TXT content; resolvers see the bare value.
          content: `"${value}"`,
          ttl: this.options.ttl ?? 60,
          comment: "tls-edge ACME rehearsal",
        }),
    );
    return { fqdn: name, value, id: record.id };
  }

  async remove(handle: RecordHandle): Promise<void> {
    const id = handle.id;
    if (!id) throw new Error(`cloudflare: no record id for ${handle.fqdn}`);
    const zone = this.options.zoneId;
    await this.request(
      `remove TXT ${normaliseFqdn(handle.fqdn)}`,
      "DELETE",
      `/zones/${zone}/dns_records/${id}`,
      (client) => client.dns.records.delete(id, { zone_id: zone }),
    );
  }

  async waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    const servers = this.options.nameServers ?? (await authoritativeServers(fqdn));
    await waitForTxt(servers, fqdn, value, deadline);
  }

  /** One API call; a failure names the request, the time spent on it and why. */
  private async request<T>(
    action: string,
    method: string,
    path: string,
    call: (client: Cloudflare) => Promise<T>,
  ): Promise<T> {
    const client = await this.sdk();
    const request = { method, url: `${client.baseURL}${path}`, startedAt: Date.now() };
    try {
      return await call(client);
    } catch (err) {
      throw requestError(this.name, action, request, this.failure(err));
    }
  }

  private failure(err: unknown): string {
    const sdk = this.sdkModule!;
    const attempts = `${MAX_RETRIES + 1} attempts`;
    if (err instanceof sdk.APIConnectionTimeoutError) {
      return `no answer within ${REQUEST_TIMEOUT_MS / 1000}s on each of ${attempts}`;
    }
    if (err instanceof sdk.APIConnectionError) return `${networkFailure(err)} (${attempts})`;
    if (err instanceof sdk.APIError && err.status !== undefined) {
      const errors = (err.errors as { code?: number; message?: string }[])
        .map((e) => `${e.code ?? ""} ${e.message ?? ""}`.trim())
        .filter((e) => e.length > 0);
      return `HTTP ${err.status}${errors.length > 0 ? `: ${errors.join("; ")}` : ""}`;
    }
    return networkFailure(err);
  }

  private async sdk(): Promise<Cloudflare> {
    if (!this.client) {
      // Loaded on first use: importing tls-edge must not load every provider's SDK.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { default: Client } = require("cloudflare") as CloudflareModule;
      this.sdkModule = Client;
      this.client = new Client({
        apiToken: this.token,
        ...(this.options.baseURL ? { baseURL: this.options.baseURL } : {}),
        maxRetries: MAX_RETRIES,
        timeout: REQUEST_TIMEOUT_MS,
      });
    }
    return this.client;
  }
}
