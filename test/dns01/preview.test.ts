import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, inputsOf, settle } from "../helpers/mocks";
import { assertNoPlainSecrets, assertSecretOutputs } from "../helpers/secrets";
import { isSecretValue } from "../../cli/offline/engine-wire";

// A preview: access keys, tokens and role ARNs are not known yet.
const engine = useMocks();

type M = typeof import("../../components/index.js");

describe("DNS-01 credentials in a preview", () => {
  let keyed: InstanceType<M["Route53Dns01"]>;
  let cf: InstanceType<M["CloudflareDns01"]>;

  before(async () => {
    const m = await import("../../components/index.js");
    const pulumi = await import("@pulumi/pulumi");
    keyed = new m.Route53Dns01("keyed", {
      dnsZones: ["example.com"],
      hostedZoneIds: [pulumi.output("Z0123456789ABCDEFGHIJ")],
      region: "eu-west-1",
      credentials: { mode: "accessKey" },
    });
    new m.Route53Dns01("irsa", {
      dnsZones: ["example.com"],
      hostedZoneIds: ["Z0123456789ABCDEFGHIJ"],
      region: "eu-west-1",
      // An OIDC provider ARN from another resource: the trust policy waits for it.
      credentials: {
        mode: "irsa",
        oidcProviderArn: pulumi.output(
          "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
        ),
      },
    });
    cf = new m.CloudflareDns01("cf", {
      dnsZones: ["example.com"],
      zoneIds: ["023e105f4ecef8ad9ca31a8372d0c353"],
    });
    await settle();
  });

  // Not checkAll: in a preview a Secret's whole stringData is one unknown value (the SDK wraps
  // the map), which the strict schema check reads as a string; the offline-up tests check them.
  it("keeps unknown credentials secret", async () => {
    assertNoPlainSecrets(engine.resources);
    await assertSecretOutputs(keyed, ["secretAccessKey"]);
    await assertSecretOutputs(cf, ["apiToken"]);
    assert.ok(isSecretValue(engine.named("keyed-credentials").inputs["stringData"]));
    assert.ok(isSecretValue(engine.named("cf-credentials").inputs["stringData"]));
  });

  it("builds the policy and trust documents from Outputs", () => {
    const policy = JSON.parse(inputsOf(engine, "keyed-policy")["policy"] as string);
    assert.deepEqual(policy.Statement[1].Resource, [
      "arn:aws:route53:::hostedzone/Z0123456789ABCDEFGHIJ",
    ]);
    const trust = JSON.parse(inputsOf(engine, "irsa-role")["assumeRolePolicy"] as string);
    assert.deepEqual(trust.Statement[0].Condition, {
      StringEquals: {
        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:sub":
          "system:serviceaccount:cert-manager:cert-manager",
        "oidc.eks.eu-west-1.amazonaws.com/id/ABC:aud": "sts.amazonaws.com",
      },
    });
  });
});
