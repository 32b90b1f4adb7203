import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "prod" });

describe("mesh", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  const peer = (mode: string) =>
    new k8s.apiextensions.CustomResource("mesh-wide", {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode } },
    });
  const rule = (mode: string) =>
    new k8s.apiextensions.CustomResource("web", {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name: "web", namespace: "apps" },
      spec: { host: "web.apps.svc.cluster.local", trafficPolicy: { tls: { mode } } },
    });

  it("passes STRICT PeerAuthentication and ISTIO_MUTUAL DestinationRules", async () => {
    const resources = await scenario(engine, () => {
      peer("STRICT");
      rule("ISTIO_MUTUAL");
    });
    assert.deepEqual(await violationsOf(resources, "mesh"), []);
  });

  it("fails PERMISSIVE in production only", async () => {
    const resources = await scenario(engine, () => void peer("PERMISSIVE"));
    assert.deepEqual(await violationsOf(resources, "mesh"), [
      {
        policy: "mesh",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "mesh-wide",
        type: "kubernetes:security.istio.io/v1:PeerAuthentication",
        message:
          'PeerAuthentication istio-system/default sets spec.mtls.mode to PERMISSIVE in production stack "prod", accepting plain-text traffic. Fix: set it to STRICT (or remove it to inherit the mesh-wide STRICT policy).',
      },
    ]);
    assert.deepEqual(await messagesOf(resources, "mesh", { stack: "dev" }), []);
  });

  it("fails a DestinationRule that disables TLS, also inside a ConfigGroup", async () => {
    const resources = await scenario(engine, () => {
      rule("DISABLE");
      new k8s.yaml.v2.ConfigGroup("legacy", {
        objs: [
          {
            apiVersion: "networking.istio.io/v1",
            kind: "DestinationRule",
            metadata: { name: "legacy", namespace: "apps" },
            spec: {
              host: "legacy",
              trafficPolicy: {
                portLevelSettings: [{ port: { number: 8080 }, tls: { mode: "DISABLE" } }],
              },
            },
          },
        ],
      });
    });
    // Registration order is not program order under the engine: compare sorted.
    assert.deepEqual((await messagesOf(resources, "mesh")).sort(), [
      'DestinationRule apps/legacy sets spec.trafficPolicy.portLevelSettings[0].tls.mode to DISABLE in production stack "prod", sending plain text to legacy. Fix: use ISTIO_MUTUAL inside the mesh (or SIMPLE/MUTUAL for external TLS).',
      'DestinationRule apps/web sets spec.trafficPolicy.tls.mode to DISABLE in production stack "prod", sending plain text to web.apps.svc.cluster.local. Fix: use ISTIO_MUTUAL inside the mesh (or SIMPLE/MUTUAL for external TLS).',
    ]);
  });
});
