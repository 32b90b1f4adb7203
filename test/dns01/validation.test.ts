import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import type * as pulumiType from "@pulumi/pulumi";
import { useMocks, settle } from "../helpers/mocks";

const engine = useMocks();

type M = typeof import("../../components/index.js");
const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const ZONE = "Z0123456789ABCDEFGHIJ";
const CF_ZONE = "023e105f4ecef8ad9ca31a8372d0c353";

describe("DNS-01 credentials validation", () => {
  let m: M;
  let pulumi: typeof pulumiType;
  before(async () => {
    m = await import("../../components/index.js");
    pulumi = await import("@pulumi/pulumi");
  });

  /** Constructing throws exactly these lines, and nothing reaches the engine. */
  async function rejects(make: () => unknown, lines: string[]): Promise<void> {
    assert.throws(make, (e: Error) => {
      assert.equal(e.message, lines.join("\n"));
      return true;
    });
    await settle();
    assert.deepEqual(
      engine.resources.map((r) => r.name),
      [],
    );
  }

  it("Route53: bad zone names, hosted zone ids and region, all at once", async () => {
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          dnsZones: ["*.example.com", "example.com", "example.com"],
          hostedZoneIds: ["/hostedzone/Z0123", ZONE, `arn:aws:route53:::hostedzone/${ZONE}`],
          region: "Europe",
          credentials: { mode: "irsa", oidcProviderArn: OIDC },
        }),
      [
        'Route53Dns01Args.dnsZones[0]: "*.example.com" is not a DNS zone name; give the zone in lower case without wildcard or trailing dot, e.g. "example.com"',
        'Route53Dns01Args.dnsZones[2]: "example.com" is listed twice; list each zone once',
        'Route53Dns01Args.hostedZoneIds[0]: "/hostedzone/Z0123" is neither a hosted zone id nor a hosted zone ARN; give the id as Route53 shows it (e.g. "Z0123456789ABCDEFGHIJ") or "arn:aws:route53:::hostedzone/<id>"',
        `Route53Dns01Args.hostedZoneIds[2]: "arn:aws:route53:::hostedzone/${ZONE}" is listed twice; list each hosted zone once`,
        'Route53Dns01Args.region: "Europe" is not an AWS region; use a region name such as "eu-west-1"',
      ],
    );
  });

  it("Route53: region and zone ARN outside the given partition", async () => {
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          dnsZones: ["example.cn"],
          hostedZoneIds: [`arn:aws:route53:::hostedzone/${ZONE}`],
          region: "eu-west-1",
          partition: "aws-cn",
          credentials: { mode: "accessKey" },
        }),
      [
        `Route53Dns01Args.hostedZoneIds[0]: "arn:aws:route53:::hostedzone/${ZONE}" is in partition "aws" but partition is "aws-cn"; use an ARN of the same partition, or give the bare zone id`,
        'Route53Dns01Args.region: "eu-west-1" is in partition "aws" but partition is "aws-cn"; use a region of the same partition, or fix partition',
      ],
    );
  });

  it("Route53: ambient credentials for a namespaced Issuer, bad OIDC provider ARN", async () => {
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          dnsZones: ["example.com"],
          hostedZoneIds: [ZONE],
          region: "eu-west-1",
          namespace: "apps",
          credentials: { mode: "irsa", oidcProviderArn: "arn:aws:iam::123:oidc-provider/x" },
        }),
      [
        'Route53Dns01Args.credentials.mode: "irsa" gives cert-manager ambient credentials, which a namespaced Issuer does not use; omit namespace to serve a ClusterIssuer, or set credentials.serviceAccountRef',
        'Route53Dns01Args.credentials.oidcProviderArn: "arn:aws:iam::123:oidc-provider/x" is not an IAM OIDC provider ARN; give the cluster\'s provider, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
      ],
    );
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          dnsZones: ["example.com"],
          hostedZoneIds: [ZONE],
          region: "eu-west-1",
          namespace: "Apps",
          credentials: { mode: "podIdentity", clusterName: "-prod" },
        }),
      [
        `Route53Dns01Args.namespace: "Apps" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer`,
        'Route53Dns01Args.credentials.mode: "podIdentity" gives cert-manager ambient credentials, which a namespaced Issuer does not use; omit namespace to serve a ClusterIssuer, or use mode "irsa" with serviceAccountRef',
        'Route53Dns01Args.credentials.clusterName: "-prod" is not an EKS cluster name; give the name of the cluster cert-manager runs in',
      ],
    );
  });

  it("Route53: mode-specific arguments (role ARN, Secret name, ServiceAccount name)", async () => {
    const base = { dnsZones: ["example.com"], hostedZoneIds: [ZONE], region: "eu-west-1" };
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          ...base,
          credentials: { mode: "assumeRole", roleArn: "arn:aws:iam::210987654321:user/dns01" },
        }),
      [
        'Route53Dns01Args.credentials.roleArn: "arn:aws:iam::210987654321:user/dns01" is not an IAM role ARN; give the role to assume, e.g. "arn:aws:iam::210987654321:role/dns01"',
      ],
    );
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          ...base,
          credentials: { mode: "accessKey", secretName: "Route53_Keys" },
        }),
      [
        `Route53Dns01Args.credentials.secretName: "Route53_Keys" is not a valid Secret name; use lower-case letters, digits, '-' and '.', or omit it to use the default`,
      ],
    );
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          ...base,
          namespace: "apps",
          credentials: { mode: "irsa", oidcProviderArn: OIDC, serviceAccountRef: "DNS" },
        }),
      [
        `Route53Dns01Args.credentials.serviceAccountRef: "DNS" is not a valid ServiceAccount name; use lower-case letters, digits, '-' and '.'`,
      ],
    );
  });

  it("Route53: nothing given, and a mode outside the closed set", async () => {
    await rejects(
      () =>
        new m.Route53Dns01("r", {
          dnsZones: [],
          hostedZoneIds: [],
          region: "",
          credentials: {
            mode: "static",
          } as unknown as import("../../components/index.js").Route53Credentials,
        }),
      [
        'Route53Dns01Args.dnsZones: no zone given; list the DNS zones these credentials answer for, e.g. ["example.com"]',
        "Route53Dns01Args.hostedZoneIds: no hosted zone given; list the Route53 hosted zone ids (Z...) of dnsZones",
        'Route53Dns01Args.region: no region given; set the region cert-manager signs requests for, e.g. "us-east-1"',
        'Route53Dns01Args.credentials.mode: "static" is not a credential mode; use one of "irsa", "podIdentity", "assumeRole", "accessKey"',
      ],
    );
  });

  it("Route53: values that are Outputs are left to AWS", () => {
    assert.doesNotThrow(() =>
      m.validateRoute53Dns01Args({
        dnsZones: ["example.com"],
        hostedZoneIds: [pulumi.output("not checked now")],
        region: pulumi.output("nor this"),
        credentials: { mode: "assumeRole", roleArn: pulumi.output("nor this") },
      }),
    );
  });

  it("Cloudflare: zone scope without zone ids, with an account id", async () => {
    await rejects(
      () =>
        new m.CloudflareDns01("c", {
          dnsZones: ["example.com"],
          accountId: "b67e14daa5f8dceeb91fe5449ba496eb",
        }),
      [
        'CloudflareDns01Args.accountId: is only used with scope "allZones"; drop accountId, or set scope: "allZones" to cover every zone of the account',
        'CloudflareDns01Args.zoneIds: no zone id given for scope "zones"; list the Cloudflare zone ids of dnsZones, or set scope: "allZones" with accountId',
      ],
    );
  });

  it("Cloudflare: bad and repeated zone ids, bad Secret name", async () => {
    await rejects(
      () =>
        new m.CloudflareDns01("c", {
          dnsZones: ["example.com."],
          zoneIds: ["example.com", CF_ZONE, CF_ZONE],
          secretName: "-token",
        }),
      [
        'CloudflareDns01Args.dnsZones[0]: "example.com." is not a DNS zone name; give the zone in lower case without wildcard or trailing dot, e.g. "example.com"',
        `CloudflareDns01Args.secretName: "-token" is not a valid Secret name; use lower-case letters, digits, '-' and '.', or omit it to use the default`,
        `CloudflareDns01Args.zoneIds[0]: "example.com" is not a Cloudflare zone id; copy the 32-character hex Zone ID from the zone's Overview page`,
        `CloudflareDns01Args.zoneIds[2]: "${CF_ZONE}" is listed twice; list each zone id once`,
      ],
    );
  });

  it("Cloudflare: all zones with zone ids and a malformed account id; unknown scope", async () => {
    await rejects(
      () =>
        new m.CloudflareDns01("c", {
          dnsZones: ["example.com"],
          scope: "allZones",
          zoneIds: [CF_ZONE],
          accountId: "my-account",
        }),
      [
        'CloudflareDns01Args.zoneIds: is not used with scope "allZones"; drop zoneIds, or use scope: "zones" to limit the token to them',
        'CloudflareDns01Args.accountId: "my-account" is not a Cloudflare account id; set the 32-character hex Account ID from the dashboard',
      ],
    );
    await rejects(
      () =>
        new m.CloudflareDns01("c", {
          dnsZones: ["example.com"],
          scope: "account" as "allZones",
        }),
      ['CloudflareDns01Args.scope: "account" is not a token scope; use "zones" or "allZones"'],
    );
    await rejects(
      () => new m.CloudflareDns01("c", { dnsZones: ["example.com"], scope: "allZones" }),
      [
        'CloudflareDns01Args.accountId: no account id given for scope "allZones"; set the 32-character hex Account ID from the dashboard',
      ],
    );
  });
});
