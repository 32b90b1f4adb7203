/**
 * Where a rehearsal publishes, as plain settings, and their checks: the same zone id rules as
 * the DNS-01 solvers, a management URL that is one, and a DNS server Node.js can query (an IP
 * address and a port; `Resolver.setServers` takes no host names). The CLI names its flags, the
 * AcmeRehearsal component its argument paths; both run these before anything is published.
 */
import { isIP } from "node:net";
import { CLOUDFLARE_ID, CLOUDFLARE_ZONE_ID_FIX } from "../../dns01/cloudflare-id";
import { HOSTED_ZONE_ARN, HOSTED_ZONE_ID, HOSTED_ZONE_ID_FIX } from "../../dns01/route53-policy";
import { RehearsalDnsKind } from "./kind";
import type { DnsProvider } from "./provider";
import type { Problems } from "../../lib/problems";

/** The settings of each provider; only the chosen provider's may be set. */
export interface RehearsalDnsSettings {
  readonly provider: RehearsalDnsKind;
  /** Route53 hosted zone: `Z…`, `/hostedzone/Z…` or its ARN (credentials: the AWS default chain). */
  readonly hostedZoneId?: string;
  /** Cloudflare zone id, 32 hex characters (token: `CLOUDFLARE_API_TOKEN`). */
  readonly zoneId?: string;
  /** pebble-challtestsrv management URL (http or https). */
  readonly managementUrl?: string;
  /** pebble-challtestsrv DNS server, `IP:port`. @default the management host, port 8053 */
  readonly dnsServer?: string;
}

export type RehearsalDnsField = Exclude<keyof RehearsalDnsSettings, "provider">;

/** The setting each provider requires, and the ones it also takes. */
const FIELDS: Record<
  RehearsalDnsKind,
  { required: RehearsalDnsField; optional?: RehearsalDnsField }
> = {
  route53: { required: "hostedZoneId" },
  cloudflare: { required: "zoneId" },
  challtestsrv: { required: "managementUrl", optional: "dnsServer" },
};

const ALL_FIELDS: readonly RehearsalDnsField[] = [
  "hostedZoneId",
  "zoneId",
  "managementUrl",
  "dnsServer",
];

/** pebble-challtestsrv's default DNS-01 port (`-dns01 :8053`). */
const CHALLTESTSRV_DNS_PORT = 8053;

const show = (value: unknown): string => JSON.stringify(value) ?? String(value);

/** The Route53 hosted zone id out of `Z…`, `/hostedzone/Z…` or an ARN. */
export function rehearsalHostedZoneId(value: string): string {
  return HOSTED_ZONE_ARN.exec(value)?.[2] ?? value.replace(/^\/?hostedzone\//, "");
}

/** The challenge test server's DNS server: the one given, or the management host on port 8053. */
export function challtestsrvDnsServer(managementUrl: string, dnsServer?: string): string {
  if (dnsServer !== undefined) return dnsServer;
  const host = new URL(managementUrl).hostname;
  return `${host}:${CHALLTESTSRV_DNS_PORT}`;
}

/** Why `server` is not `IP:port` (or a bare IP), or undefined. */
function dnsServerProblem(server: string): string | undefined {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server);
  const [host, port] = bracketed
    ? [bracketed[1]!, bracketed[2]]
    : isIP(server) === 6
      ? [server, undefined]
      : [server.replace(/:\d*$/, ""), /:(\d*)$/.exec(server)?.[1]];
  if (isIP(host) === 0) return "is not an IP address with a port";
  if (port !== undefined && !(/^\d+$/.test(port) && Number(port) >= 1 && Number(port) <= 65535)) {
    return "has a port outside 1-65535";
  }
  return undefined;
}

/**
 * Every problem with `dns`; `label` names a setting in messages (a flag or an argument path).
 * Values that are not strings (Outputs) are left to the apply-time check.
 */
export function rehearsalDnsProblems(
  p: Problems,
  dns: Readonly<Partial<Record<keyof RehearsalDnsSettings, unknown>>>,
  label: (field: RehearsalDnsField | "provider") => string,
): void {
  const provider = dns.provider;
  if (typeof provider !== "string") return;
  const fields = Object.hasOwn(FIELDS, provider) ? FIELDS[provider as RehearsalDnsKind] : undefined;
  if (!fields) {
    p.add(
      label("provider"),
      `${show(provider)} is not supported`,
      `use one of ${Object.values(RehearsalDnsKind).join(", ")}`,
    );
    return;
  }
  for (const field of ALL_FIELDS) {
    if (dns[field] !== undefined && field !== fields.required && field !== fields.optional) {
      p.add(`${label(field)}`, `is not used by the ${provider} provider`, `drop it`);
    }
  }
  const value = dns[fields.required];
  if (value === undefined || value === "") {
    p.add(`${label(fields.required)}`, `is required for the ${provider} provider`, `set it`);
    return;
  }
  if (typeof value !== "string") return;
  switch (fields.required) {
    case "hostedZoneId": {
      const id = rehearsalHostedZoneId(value);
      if (!HOSTED_ZONE_ID.test(id)) {
        p.add(
          `${label("hostedZoneId")}`,
          `${show(value)} is neither a hosted zone id nor a hosted zone ARN`,
          `${HOSTED_ZONE_ID_FIX}`,
        );
      }
      break;
    }
    case "zoneId":
      if (!CLOUDFLARE_ID.test(value)) {
        p.add(
          `${label("zoneId")}`,
          `${show(value)} is not a Cloudflare zone id`,
          `${CLOUDFLARE_ZONE_ID_FIX}`,
        );
      }
      break;
    case "managementUrl": {
      let url: URL | undefined;
      try {
        url = new URL(value);
      } catch {
        p.add(
          `${label("managementUrl")}`,
          `${show(value)} is not a URL`,
          `give pebble-challtestsrv's -management address, e.g. http://127.0.0.1:8055`,
        );
      }
      if (url && url.protocol !== "http:" && url.protocol !== "https:") {
        p.add(
          `${label("managementUrl")}`,
          `${show(value)} is not an http(s) URL`,
          `give pebble-challtestsrv's -management address, e.g. http://127.0.0.1:8055`,
        );
        url = undefined;
      }
      const server = dns.dnsServer;
      if (typeof server === "string") {
        const problem = dnsServerProblem(server);
        if (problem) {
          p.add(
            `${label("dnsServer")}`,
            `${show(server)} ${problem}`,
            `give pebble-challtestsrv's -dns01 address, e.g. 127.0.0.1:8053`,
          );
        }
      } else if (server === undefined && url) {
        const derived = challtestsrvDnsServer(value);
        if (dnsServerProblem(derived)) {
          p.add(
            `${label("dnsServer")}`,
            `not given, and ${show(derived)} (the management host, port ${CHALLTESTSRV_DNS_PORT}) is not an IP address with a port`,
            `give the -dns01 address, e.g. 127.0.0.1:8053`,
          );
        }
      }
      break;
    }
  }
}

/**
 * The provider for checked settings (see `rehearsalDnsProblems`). The providers (and the AWS and
 * Cloudflare SDKs behind them) load only here, when a rehearsal runs, not with the program.
 */
export function rehearsalDnsProvider(dns: RehearsalDnsSettings): DnsProvider {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when a rehearsal runs */
  const { Route53Dns } = require("./route53") as typeof import("./route53");
  const { CloudflareDns } = require("./cloudflare") as typeof import("./cloudflare");
  const { ChalltestsrvDns } = require("./challtestsrv") as typeof import("./challtestsrv");
  /* eslint-enable @typescript-eslint/no-require-imports */
  switch (dns.provider) {
    case RehearsalDnsKind.route53:
      return new Route53Dns({ hostedZoneId: rehearsalHostedZoneId(dns.hostedZoneId ?? "") });
    case RehearsalDnsKind.cloudflare:
      return new CloudflareDns({ zoneId: dns.zoneId ?? "" });
    case RehearsalDnsKind.challtestsrv:
      return new ChalltestsrvDns({
        managementUrl: dns.managementUrl ?? "",
        dnsServer: challtestsrvDnsServer(dns.managementUrl ?? "", dns.dnsServer),
      });
  }
}
