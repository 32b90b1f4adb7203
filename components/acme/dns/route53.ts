/**
 * Route53 as a DNS provider: UPSERT the TXT record set, poll GetChange until INSYNC, check the
 * zone's authoritative servers, and DELETE the exact record set on removal.
 * @see https://docs.aws.amazon.com/Route53/latest/APIReference/API_ChangeResourceRecordSets.html
 */
import type { Route53Client } from "@aws-sdk/client-route-53";
import {
  authoritativeServers,
  networkFailure,
  normaliseFqdn,
  requestError,
  sleep,
  waitForTxt,
  type DnsProvider,
  type RecordHandle,
} from "./provider";

export interface Route53DnsOptions {
  /** The hosted zone holding the `_acme-challenge` names (`Z…` or `/hostedzone/Z…`). */
  readonly hostedZoneId: string;
  /** @default "us-east-1" (Route53 is global; the SDK still wants a region) */
  readonly region?: string;
  /** Another Route53 API endpoint (tests, FIPS). @default the SDK's */
  readonly endpoint?: string;
  /** @default 60 */
  readonly ttl?: number;
  /** Name servers (host or host:port) to check visibility on. @default the zone's NS */
  readonly nameServers?: readonly string[];
  /** First GetChange poll interval; doubles up to 10 s. @default 2000 */
  readonly pollIntervalMs?: number;
}

/** The global Route53 endpoint the SDK uses for the aws partition. */
const DEFAULT_ENDPOINT = "https://route53.amazonaws.com";

const quote = (value: string): string => `"${value.replace(/(["\\])/g, "\\$1")}"`;

export class Route53Dns implements DnsProvider {
  readonly name = "route53";
  private readonly zoneId: string;
  private client?: Route53Client;
  /**
   * Values this provider wrote, by name. A TXT record set holds every value of a name, so a
   * wildcard and its apex (same `_acme-challenge` name) must be written together. Values other
   * writers put on the same name are not merged: rehearse on names nothing else is issuing for.
   */
  private readonly published = new Map<string, string[]>();
  private readonly changes = new Map<string, string>();

  constructor(private readonly options: Route53DnsOptions) {
    this.zoneId = options.hostedZoneId.replace(/^\/?hostedzone\//, "");
  }

  async publish(fqdn: string, value: string): Promise<RecordHandle> {
    const name = normaliseFqdn(fqdn);
    const values = [...(this.published.get(name) ?? []), value];
    const changeId = await this.change("UPSERT", name, values, `publish TXT ${name}`);
    this.published.set(name, values);
    this.changes.set(name, changeId);
    return { fqdn: name, value, id: changeId };
  }

  async remove(handle: RecordHandle): Promise<void> {
    const name = normaliseFqdn(handle.fqdn);
    const current = this.published.get(name) ?? [handle.value];
    const remaining = current.filter((v, i) => v !== handle.value || i !== current.indexOf(v));
    if (remaining.length > 0) {
      await this.change("UPSERT", name, remaining, `remove TXT ${name}`);
      this.published.set(name, remaining);
    } else {
      await this.change("DELETE", name, current, `remove TXT ${name}`);
      this.published.delete(name);
    }
  }

  async waitVisible(fqdn: string, value: string, deadline: number): Promise<void> {
    const name = normaliseFqdn(fqdn);
    const changeId = this.changes.get(name);
    if (changeId) await this.waitInSync(changeId, deadline);
    const servers = this.options.nameServers ?? (await authoritativeServers(name));
    await waitForTxt(servers, name, value, deadline);
  }

  private async sdk(): Promise<{
    client: Route53Client;
    m: typeof import("@aws-sdk/client-route-53");
  }> {
    // Loaded on first use: importing tls-edge must not load every provider's SDK.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const m = require("@aws-sdk/client-route-53") as typeof import("@aws-sdk/client-route-53");
    // Default credential chain: environment, shared config, SSO, IMDS, web identity.
    this.client ??= new m.Route53Client({
      region: this.options.region ?? "us-east-1",
      ...(this.options.endpoint ? { endpoint: this.options.endpoint } : {}),
    });
    return { client: this.client, m };
  }

  private async change(
    action: "UPSERT" | "DELETE",
    name: string,
    values: string[],
    /** What the caller is doing, for errors. */
    doing: string,
  ): Promise<string> {
    const { client, m } = await this.sdk();
    const out = await this.send(doing, "POST", `/2013-04-01/hostedzone/${this.zoneId}/rrset`, () =>
      client.send(
        new m.ChangeResourceRecordSetsCommand({
          HostedZoneId: this.zoneId,
          ChangeBatch: {
            Comment: "tls-edge ACME rehearsal",
            Changes: [
              {
                Action: action,
                ResourceRecordSet: {
                  Name: `${name}.`,
                  Type: "TXT",
                  TTL: this.options.ttl ?? 60,
                  ResourceRecords: values.map((v) => ({ Value: quote(v) })),
                },
              },
            ],
          },
        }),
      ),
    );
    const id = out.ChangeInfo?.Id;
    if (!id) throw new Error(`Route53 returned no change id for ${action} ${name}`);
    return id.replace(/^\/?change\//, "");
  }

  private async waitInSync(changeId: string, deadline: number): Promise<void> {
    const { client, m } = await this.sdk();
    let interval = this.options.pollIntervalMs ?? 2000;
    for (;;) {
      const out = await this.send(
        `wait for change ${changeId}`,
        "GET",
        `/2013-04-01/change/${changeId}`,
        () => client.send(new m.GetChangeCommand({ Id: changeId })),
      );
      if (out.ChangeInfo?.Status === "INSYNC") return;
      if (Date.now() + interval > deadline) {
        throw new Error(`Route53 change ${changeId} not INSYNC before the deadline`);
      }
      await sleep(interval);
      interval = Math.min(interval * 2, 10_000);
    }
  }

  /** One API call; a failure names the request, the time spent on it (retries included) and why. */
  private async send<T>(action: string, method: string, path: string, call: () => Promise<T>) {
    const url = `${this.options.endpoint ?? DEFAULT_ENDPOINT}${path}`;
    const request = { method, url, startedAt: Date.now() };
    try {
      return await call();
    } catch (err) {
      const meta = (err as { $metadata?: { httpStatusCode?: number; attempts?: number } })
        .$metadata;
      const attempts = meta?.attempts ? ` (${meta.attempts} attempt(s))` : "";
      const why = meta?.httpStatusCode
        ? `HTTP ${meta.httpStatusCode} ${(err as Error).name}: ${(err as Error).message}`
        : networkFailure(err);
      throw requestError(this.name, action, request, `${why}${attempts}`);
    }
  }
}
