/**
 * The plugin's CloudflareDns01: registers what the library component registers given the same
 * arguments (and hands an issuer the same solver), keeps the token secret, and refuses bad input
 * before anything is registered.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { assertRefused, assertTwins } from "./twins";

const engine = useMocks({ preview: false });

const ZONE_1 = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE_2 = "9f1839b6152d298aca64c4e906b6d074";
const ARGS = {
  dnsZones: ["example.com", "example.org"],
  zoneIds: [ZONE_1, ZONE_2],
  tokenName: "cert-manager prod",
  secretName: "cf-token",
  expiresOn: "2027-01-01T00:00:00Z",
};
const ISSUER = { environment: "production" } as const;

type Lib = typeof import("../../components/index.js");
type Plugin = typeof import("../../plugin/index.js");

describe("plugin CloudflareDns01", () => {
  let lib: Lib;
  let plugin: Plugin;
  before(async () => {
    lib = await import("../../components/index.js");
    plugin = await import("../../plugin/index.js");
  });

  it("registers what the library component registers, with the token kept secret", async () => {
    let dns!: InstanceType<Plugin["CloudflareDns01"]>;
    const kinds = await assertTwins(
      engine,
      () => {
        dns = new plugin.CloudflareDns01("cf", { ...ARGS, zoneIds: [...ARGS.zoneIds] });
        new plugin.AcmeIssuer("le", { ...ISSUER, dns01: ["cf"] });
      },
      () => {
        const dns = new lib.CloudflareDns01("cf", ARGS);
        new lib.AcmeIssuer("le", { ...ISSUER, dns01: [dns] });
      },
    );
    assert.deepEqual(kinds, [
      "cloudflare:index/apiToken:ApiToken cf-token",
      "kubernetes:cert-manager.io/v1:ClusterIssuer le-issuer",
      "kubernetes:cert-manager.io/v1:ClusterIssuer le-staging-issuer",
      "kubernetes:core/v1:Secret cf-credentials",
      "tls-edge:dns01:CloudflareDns01 cf",
      "tls-edge:issuers:AcmeIssuer le",
      "tls-edge:issuers:AcmeIssuer le-staging",
    ]);
    await checkAll(engine);
    await assertSecretOutputs(dns, ["apiToken"]);
    assert.deepEqual(dns.dnsZones, ["example.com", "example.org"]);
    assert.equal(dns.credentialsSecretName, "cf-token");
  });

  it("refuses bad input with every problem named, before anything is registered", async () => {
    await assertRefused(
      engine,
      () =>
        new plugin.CloudflareDns01("bad-cf", {
          dnsZones: ["example.com"],
          accountId: ZONE_1,
          secretName: "Not_A_Name",
        }),
      [
        "CloudflareDns01Args.secretName: \"Not_A_Name\" is not a valid Secret name; use lower-case letters, digits, '-' and '.', or omit it to use the default",
        'CloudflareDns01Args.accountId: is only used with scope "allZones"; drop accountId, or set scope: "allZones" to cover every zone of the account',
        'CloudflareDns01Args.zoneIds: no zone id given for scope "zones"; list the Cloudflare zone ids of dnsZones, or set scope: "allZones" with accountId',
      ].join("\n"),
    );
  });
});
