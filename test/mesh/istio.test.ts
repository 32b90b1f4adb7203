import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Mesh = typeof import("../../components/mesh/index.js");
let mesh: Mesh;

const PA = "kubernetes:security.istio.io/v1:PeerAuthentication";
const DR = "kubernetes:networking.istio.io/v1:DestinationRule";
const NS = "kubernetes:core/v1:Namespace";

describe("MeshMtls with Istio", () => {
  before(async () => {
    mesh = await import("../../components/mesh/index.js");
    new mesh.MeshMtls("strict", {
      provider: "istio",
      namespaces: [
        { name: "shop" },
        {
          name: "legacy",
          mode: "PERMISSIVE",
          selector: { app: "billing" },
          portLevelMtls: { 9090: "DISABLE", 8080: "STRICT" },
        },
      ],
      mutualTlsHosts: ["api.shop.svc.cluster.local", "ledger.finance.svc.cluster.local"],
    });
    new mesh.MeshMtls("migrating", {
      provider: "istio",
      mode: "PERMISSIVE",
      rootNamespace: "mesh-root",
      namespaces: [{ name: "blog" }],
    });
    await settle();
  });

  it("registers the component and its children under it, keyed by namespace and host", () => {
    const parent = engine.named("strict");
    assert.equal(parent.type, "tls-edge:mesh:MeshMtls");
    const children = engine.childrenOf(parent.urn).map((r) => `${r.type} ${r.name}`);
    assert.deepEqual(children.sort(), [
      `${NS} strict-namespace-legacy`,
      `${NS} strict-namespace-shop`,
      `${DR} strict-destination-rule-api.shop.svc.cluster.local`,
      `${DR} strict-destination-rule-ledger.finance.svc.cluster.local`,
      `${PA} strict-mesh-peer-authentication`,
      `${PA} strict-peer-authentication-legacy`,
      `${PA} strict-peer-authentication-shop`,
      `${PA} strict-port-peer-authentication-legacy`,
    ]);
  });

  it("sets STRICT mesh-wide in istio-system by default", () => {
    assert.deepEqual(inputsOf(engine, "strict-mesh-peer-authentication"), {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "istio-system" },
      spec: { mtls: { mode: "STRICT" } },
    });
  });

  it("labels the application namespaces for injection and gives each its mode", () => {
    assert.deepEqual(inputsOf(engine, "strict-namespace-shop"), {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: "shop", labels: { "istio-injection": "enabled" } },
    });
    assert.deepEqual(inputsOf(engine, "strict-peer-authentication-shop").spec, {
      mtls: { mode: "STRICT" },
    });
    assert.deepEqual(inputsOf(engine, "strict-peer-authentication-legacy"), {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "legacy" },
      spec: { mtls: { mode: "PERMISSIVE" } },
    });
    const pa = engine.named("strict-peer-authentication-legacy");
    assert.deepEqual(pa.dependencies, [engine.named("strict-namespace-legacy").urn]);
  });

  it("puts port-level modes on a workload policy with the selector", () => {
    assert.deepEqual(inputsOf(engine, "strict-port-peer-authentication-legacy"), {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "tls-edge-ports", namespace: "legacy" },
      spec: {
        selector: { matchLabels: { app: "billing" } },
        mtls: { mode: "PERMISSIVE" },
        portLevelMtls: { "8080": { mode: "STRICT" }, "9090": { mode: "DISABLE" } },
      },
    });
  });

  it("pins ISTIO_MUTUAL per host in the service's namespace", () => {
    assert.deepEqual(inputsOf(engine, "strict-destination-rule-api.shop.svc.cluster.local"), {
      apiVersion: "networking.istio.io/v1",
      kind: "DestinationRule",
      metadata: { name: "api-mtls", namespace: "shop" },
      spec: {
        host: "api.shop.svc.cluster.local",
        trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
      },
    });
    // Ordered after the namespace the component creates; none for a namespace it does not own.
    assert.deepEqual(
      engine.named("strict-destination-rule-api.shop.svc.cluster.local").dependencies,
      [engine.named("strict-namespace-shop").urn],
    );
    assert.deepEqual(
      engine.named("strict-destination-rule-ledger.finance.svc.cluster.local").dependencies,
      [],
    );
  });

  it("follows the mode and root namespace of a migrating stack", () => {
    assert.deepEqual(inputsOf(engine, "migrating-mesh-peer-authentication"), {
      apiVersion: "security.istio.io/v1",
      kind: "PeerAuthentication",
      metadata: { name: "default", namespace: "mesh-root" },
      spec: { mtls: { mode: "PERMISSIVE" } },
    });
    assert.deepEqual(inputsOf(engine, "migrating-peer-authentication-blog").spec, {
      mtls: { mode: "PERMISSIVE" },
    });
    assert.equal(engine.ofType(DR).filter((r) => r.name.startsWith("migrating")).length, 0);
  });

  it("exposes what it built", () => {
    const c = new mesh.MeshMtls("outputs", { provider: "istio", namespaces: [{ name: "x" }] });
    assert.equal(c.provider, "istio");
    assert.equal(c.mode, "STRICT");
    assert.equal(c.rootNamespace, "istio-system");
    assert.deepEqual(c.namespaces, ["x"]);
    assert.equal(c.ingressIdentity, undefined);
    assert.equal(c.resources.length, 3);
  });

  it("passes the strict schema check and the secrets check", async () => {
    await checkAll(engine);
  });
});
