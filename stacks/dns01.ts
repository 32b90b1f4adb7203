/**
 * The DNS-01 providers of `issuer.acme.dns01`, each built from its config entry; their
 * validation errors name the config keys.
 */
import * as pulumi from "@pulumi/pulumi";
import { CloudflareDns01, Rfc2136Dns01, Route53Dns01 } from "../components";
import type { Dns01Config, StackConfig } from "./config";
import { PROJECT } from "./config-reader";
import { offlineBase64Secret } from "./credentials";
import { fromConfig } from "./from-config";

/** The config keys behind each argument of a DNS-01 provider built from `issuer.acme.dns01[i]`. */
function dns01Keys(d: Dns01Config, index: number): Record<string, string> {
  const at = `issuer.acme.dns01[${index}]`;
  if (d.provider === "rfc2136") {
    return {
      dnsZones: `${at}.zones`,
      nameserver: `${at}.nameserver`,
      tsigKeyName: `${at}.tsigKeyName`,
      tsigAlgorithm: `${at}.tsigAlgorithm`,
      tsigSecret: "tsigSecret",
    };
  }
  return d.provider === "cloudflare"
    ? { dnsZones: `${at}.zones`, zoneIds: `${at}.zoneIds` }
    : {
        dnsZones: `${at}.zones`,
        hostedZoneIds: `${at}.hostedZoneIds`,
        region: `${at}.region`,
        credentials: `${at}.mode`,
        "credentials.oidcProviderArn": `${at}.oidcProviderArn`,
        "credentials.clusterName": `${at}.clusterName`,
        "credentials.roleArn": `${at}.roleArn`,
      };
}

export type Dns01Provider = Route53Dns01 | CloudflareDns01 | Rfc2136Dns01;

const DNS01_ARGS = {
  route53: "Route53Dns01Args",
  cloudflare: "CloudflareDns01Args",
  rfc2136: "Rfc2136Dns01Args",
} as const;

export function dns01Provider(d: Dns01Config, index: number, config: StackConfig): Dns01Provider {
  return fromConfig(DNS01_ARGS[d.provider], dns01Keys(d, index), () =>
    newDns01Provider(d, index, config),
  );
}

/**
 * A secret whose value is not known to this run: a preview without `tls-edge:tsigSecret`, or an
 * offline run, which never decrypts. An apply on the SDK's `unknown` runs nothing and stays
 * unknown, typed as the callback's result.
 */
function unknownSecret(): pulumi.Output<string> {
  return pulumi.secret(pulumi.output(pulumi.unknown).apply((): string => ""));
}

function newDns01Provider(d: Dns01Config, index: number, config: StackConfig): Dns01Provider {
  const name = `${d.provider}-${d.zones[0] ?? index}`.replace(/\./g, "-");
  if (d.provider === "rfc2136") {
    return new Rfc2136Dns01(name, {
      dnsZones: d.zones,
      nameserver: d.nameserver,
      tsigKeyName: d.tsigKeyName,
      ...(d.tsigAlgorithm !== undefined ? { tsigAlgorithm: d.tsigAlgorithm } : {}),
      // Plain when known, so a bad secret is named at construction; the component keeps it secret.
      // Not known (not set, or encrypted in an offline run): unknown in a preview; a typed
      // placeholder in an offline run as after `pulumi up` (a real update without it stops at
      // parseStackConfig).
      tsigSecret:
        config.tsigSecret ??
        (pulumi.runtime.isDryRun()
          ? unknownSecret()
          : pulumi.secret(offlineBase64Secret(`${PROJECT}:tsigSecret`))),
    });
  }
  if (d.provider === "cloudflare") {
    return new CloudflareDns01(name, { dnsZones: d.zones, zoneIds: d.zoneIds });
  }
  return new Route53Dns01(name, {
    dnsZones: d.zones,
    hostedZoneIds: d.hostedZoneIds,
    region: d.region,
    credentials: d.credentials,
  });
}
