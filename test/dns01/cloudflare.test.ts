import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { assertSecretOutputs } from "../helpers/secrets";
import { isSecretValue } from "../../cli/offline/engine-wire";

const engine = useMocks({ preview: false });

const ZONE_1 = "023e105f4ecef8ad9ca31a8372d0c353";
const ZONE_2 = "9f1839b6152d298aca64c4e906b6d074";
const ACCOUNT = "b67e14daa5f8dceeb91fe5449ba496eb";
const DNS_WRITE = "4755a26eedb94da69e1066d98aa820be";
const ZONE_READ = "c8fed203ed3043cba015a93ad1616f1f";

type M = typeof import("../../components/index.js");

function value<T>(output: { apply(f: (v: T) => void): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}
function children(urn: string): string[] {
  return engine
    .childrenOf(urn)
    .map((r) => `${r.type} ${r.name}`)
    .sort();
}

describe("CloudflareDns01", () => {
  let m: M;
  let zoned: InstanceType<M["CloudflareDns01"]>;
  let account: InstanceType<M["CloudflareDns01"]>;

  before(async () => {
    m = await import("../../components/index.js");
    const k8s = await import("@pulumi/kubernetes");
    zoned = new m.CloudflareDns01("cf", {
      dnsZones: ["example.com", "example.org"],
      zoneIds: [ZONE_1, ZONE_2],
      namespace: "apps",
    });
    account = new m.CloudflareDns01("cf-all", {
      dnsZones: ["example.net"],
      scope: "allZones",
      accountId: ACCOUNT,
      tokenName: "dns01 all zones",
      secretName: "cloudflare-dns01",
      expiresOn: "2027-01-01T00:00:00Z",
    });
    new k8s.apiextensions.CustomResource("schema-probe", {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "probe" },
      spec: {
        acme: {
          server: "https://acme-staging-v02.api.letsencrypt.org/directory",
          privateKeySecretRef: { name: "probe-account" },
          solvers: [zoned, account].map((c) =>
            c.solver.apply((s) => ({ dns01: s.dns01, selector: { dnsZones: [...s.dnsZones] } })),
          ),
        },
      },
    });
    await settle();
  });

  it("passes the strict schema and secrets checks; the token stays secret", async () => {
    await checkAll(engine);
    await assertSecretOutputs(zoned, ["apiToken"]);
    await assertSecretOutputs(account, ["apiToken"]);
  });

  it("zone-scoped: DNS Write + Zone Read on exactly the listed zones", async () => {
    assert.equal(engine.named("cf").type, "tls-edge:dns01:CloudflareDns01");
    assert.deepEqual(children(engine.named("cf").urn), [
      "cloudflare:index/apiToken:ApiToken cf-token",
      "kubernetes:core/v1:Secret cf-credentials",
    ]);
    const token = inputsOf(engine, "cf-token");
    assert.deepEqual(token, {
      name: "cert-manager DNS-01 cf",
      policies: [
        {
          effect: "allow",
          permissionGroups: [{ id: DNS_WRITE }, { id: ZONE_READ }],
          resources: JSON.stringify({
            [`com.cloudflare.api.account.zone.${ZONE_1}`]: "*",
            [`com.cloudflare.api.account.zone.${ZONE_2}`]: "*",
          }),
        },
      ],
    });
    const secret = engine.named("cf-credentials");
    assert.ok(isSecretValue(secret.inputs["stringData"]));
    assert.deepEqual(inputsOf(engine, "cf-credentials"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "cf-cloudflare", namespace: "apps" },
      type: "Opaque",
      stringData: { "api-token": "offline placeholder token for cf-token" },
    });
    assert.deepEqual(await value(zoned.solver), {
      dns01: { cloudflare: { apiTokenSecretRef: { name: "cf-cloudflare", key: "api-token" } } },
      dnsZones: ["example.com", "example.org"],
    });
    assert.deepEqual(zoned.dnsZones, ["example.com", "example.org"]);
    assert.equal(zoned.readyResources.length, 1);
  });

  it("all zones: the account's zones, named Secret in the cluster resource namespace", async () => {
    assert.deepEqual(inputsOf(engine, "cf-all-token"), {
      name: "dns01 all zones",
      expiresOn: "2027-01-01T00:00:00Z",
      policies: [
        {
          effect: "allow",
          permissionGroups: [{ id: DNS_WRITE }, { id: ZONE_READ }],
          resources: JSON.stringify({
            [`com.cloudflare.api.account.${ACCOUNT}`]: { "com.cloudflare.api.account.zone.*": "*" },
          }),
        },
      ],
    });
    const secret = inputsOf(engine, "cf-all-credentials");
    assert.deepEqual(secret["metadata"], { name: "cloudflare-dns01", namespace: "cert-manager" });
    assert.deepEqual(await value(account.solver), {
      dns01: {
        cloudflare: { apiTokenSecretRef: { name: "cloudflare-dns01", key: "api-token" } },
      },
      dnsZones: ["example.net"],
    });
  });

  it("an issuer using the solver depends on the Secret", () => {
    const probe = engine.named("schema-probe");
    assert.ok(probe.dependencies.includes(engine.named("cf-credentials").urn));
    assert.ok(probe.dependencies.includes(engine.named("cf-all-credentials").urn));
  });
});
