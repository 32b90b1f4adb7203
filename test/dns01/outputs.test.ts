/**
 * DNS-01 solvers and MeshMtls given Outputs where a plain value is needed: refused before
 * anything is registered, naming the argument, instead of crashing on a list that is an Output
 * ("forEach is not a function"); zone ids one by one, region and ARNs may still be Outputs.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, settle } from "../helpers/mocks";

const engine = useMocks();
const OIDC = "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC";
const DNS01 =
  "pass it as a plain value: zones select the solver and name its resources, and the credentials decide what is created";
const REFUSED = "is an Output (or a Promise), where a plain value is needed";

describe("DNS-01 and mesh arguments that must be plain", () => {
  let m: typeof import("../../components/index.js");
  let pulumi: typeof import("@pulumi/pulumi");
  before(async () => {
    m = await import("../../components/index.js");
    pulumi = await import("@pulumi/pulumi");
  });
  const out = <T>(v: T): T => pulumi.output(v) as unknown as T;

  async function refused(make: () => unknown, message: string): Promise<void> {
    const before = engine.resources.length;
    assert.throws(make, { message });
    await settle();
    assert.equal(engine.resources.length, before, "nothing is registered");
  }

  it("Route53Dns01 refuses zones or the zone id list given as Outputs", async () => {
    await refused(
      () =>
        new m.Route53Dns01("r53", {
          dnsZones: out(["example.com"]),
          hostedZoneIds: out(["Z0123456789ABCDEFGHIJ"]),
          region: "eu-west-1",
          credentials: { mode: "irsa", oidcProviderArn: OIDC },
        }),
      [
        `Route53Dns01Args.dnsZones: ${REFUSED}; ${DNS01}`,
        `Route53Dns01Args.hostedZoneIds: ${REFUSED}; ${DNS01}`,
      ].join("\n"),
    );
  });

  it("Route53Dns01 takes zone ids, region and the OIDC provider as Outputs", async () => {
    const solver = new m.Route53Dns01("r53-late", {
      dnsZones: ["example.com"],
      hostedZoneIds: [pulumi.output("Z0123456789ABCDEFGHIJ")],
      region: pulumi.output("eu-west-1"),
      credentials: { mode: "irsa", oidcProviderArn: pulumi.output(OIDC) },
    });
    await settle();
    assert.deepEqual(solver.dnsZones, ["example.com"]);
  });

  it("CloudflareDns01 refuses the zone id list given as an Output", async () => {
    await refused(
      () =>
        new m.CloudflareDns01("cf", {
          dnsZones: ["example.com"],
          zoneIds: out(["023e105f4ecef8ad9ca31a8372d0c353"]),
        }),
      `CloudflareDns01Args.zoneIds: ${REFUSED}; ${DNS01}`,
    );
  });

  it("MeshMtls refuses namespaces given as an Output", async () => {
    await refused(
      () =>
        new m.MeshMtls("mesh", {
          provider: "istio",
          namespaces: out([{ name: "shop" }]),
        }),
      `MeshMtlsArgs.namespaces: ${REFUSED}; pass it as a plain value: policies per namespace and host are made from it`,
    );
  });
});
