import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Mesh = typeof import("../../components/mesh/index.js");
type Edge = typeof import("../../components/edge/index.js");
let mesh: Mesh;
let edge: Edge;

const CONTROLLERS = ["traefik", "haproxy", "ingress-nginx"] as const;
const SCENARIOS = [
  { key: "strict", provider: "istio", mode: "STRICT" },
  { key: "permissive", provider: "istio", mode: "PERMISSIVE" },
  { key: "linkerd", provider: "linkerd", mode: "STRICT" },
] as const;

/** Where each chart takes pod labels and annotations, and its two listening container ports. */
const POD = {
  traefik: { at: "deployment", ports: "8000,8443", sa: "traefik" },
  haproxy: { at: "controller", ports: "8080,8443", sa: "haproxy-kubernetes-ingress" },
  "ingress-nginx": { at: "controller", ports: "80,443", sa: "ingress-nginx" },
} as const;

function podValues(name: string, controller: (typeof CONTROLLERS)[number]) {
  const values = inputsOf(engine, `${name}-release`)["values"] as Record<
    string,
    { podLabels: unknown; podAnnotations: unknown }
  >;
  const at = values[POD[controller].at]!;
  return { labels: at.podLabels, annotations: at.podAnnotations };
}

describe("MeshMtls composed with IngressController", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    mesh = await import("../../components/mesh/index.js");
    for (const s of SCENARIOS) {
      for (const controller of CONTROLLERS) {
        const name = `${s.key}-${controller}`;
        const ingress = new edge.IngressController(`${name}-edge`, {
          controller,
          namespace: `${name}-edge`,
          defaultCertificate: { secretName: "edge-default-tls" },
          mesh: { provider: s.provider },
        });
        new mesh.MeshMtls(`${name}-mesh`, {
          provider: s.provider,
          mode: s.mode,
          ingressController: ingress,
          namespaces:
            s.provider === "istio"
              ? [{ name: `${name}-app` }]
              : [{ name: `${name}-app`, selector: { app: "shop" }, ports: [8080] }],
          ...(s.provider === "istio"
            ? { mutualTlsHosts: [`shop.${name}-app.svc.cluster.local`] }
            : {}),
        });
      }
    }
    await settle();
  });

  for (const s of SCENARIOS) {
    for (const controller of CONTROLLERS) {
      const name = `${s.key}-${controller}`;
      it(`${s.provider} ${s.mode} with ${controller}: chart pod settings and mesh objects`, () => {
        const pod = podValues(`${name}-edge`, controller);
        if (s.provider === "istio") {
          assert.deepEqual(pod, {
            labels: {
              "edge.tls-edge.io/controller": controller,
              "sidecar.istio.io/inject": "true",
            },
            annotations: {
              "traffic.sidecar.istio.io/includeInboundPorts": "",
              "traffic.sidecar.istio.io/excludeInboundPorts": POD[controller].ports,
            },
          });
          assert.deepEqual(inputsOf(engine, `${name}-mesh-mesh-peer-authentication`).spec, {
            mtls: { mode: s.mode },
          });
          assert.deepEqual(inputsOf(engine, `${name}-mesh-namespace-${name}-app`).metadata, {
            name: `${name}-app`,
            labels: { "istio-injection": "enabled" },
          });
          assert.deepEqual(inputsOf(engine, `${name}-mesh-peer-authentication-${name}-app`), {
            apiVersion: "security.istio.io/v1",
            kind: "PeerAuthentication",
            metadata: { name: "default", namespace: `${name}-app` },
            spec: { mtls: { mode: s.mode } },
          });
          assert.deepEqual(
            inputsOf(engine, `${name}-mesh-destination-rule-shop.${name}-app.svc.cluster.local`)
              .spec,
            {
              host: `shop.${name}-app.svc.cluster.local`,
              trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
            },
          );
        } else {
          assert.deepEqual(pod, {
            labels: { "edge.tls-edge.io/controller": controller },
            annotations: { "linkerd.io/inject": "enabled" },
          });
          assert.deepEqual(inputsOf(engine, `${name}-mesh-${name}-app-ingress-identity`), {
            apiVersion: "policy.linkerd.io/v1alpha1",
            kind: "MeshTLSAuthentication",
            metadata: { name: "ingress-controller", namespace: `${name}-app` },
            spec: {
              identityRefs: [
                { kind: "ServiceAccount", name: POD[controller].sa, namespace: `${name}-edge` },
              ],
            },
          });
          assert.deepEqual(inputsOf(engine, `${name}-mesh-${name}-app-server-8080`).spec, {
            podSelector: { matchLabels: { app: "shop" } },
            port: 8080,
            accessPolicy: "deny",
          });
        }
      });
    }
  }

  it("passes the strict schema check and the secrets check across all nine", async () => {
    assert.equal(engine.ofType("tls-edge:mesh:MeshMtls").length, 9);
    assert.equal(engine.ofType("tls-edge:edge:IngressController").length, 9);
    await checkAll(engine);
  });
});
