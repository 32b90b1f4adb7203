import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Mesh = typeof import("../../components/mesh/index.js");
let mesh: Mesh;

const SERVER = "kubernetes:policy.linkerd.io/v1beta3:Server";
const AUTHZ = "kubernetes:policy.linkerd.io/v1alpha1:AuthorizationPolicy";
const AUTHN = "kubernetes:policy.linkerd.io/v1alpha1:MeshTLSAuthentication";
const NS = "kubernetes:core/v1:Namespace";

describe("MeshMtls with Linkerd", () => {
  before(async () => {
    mesh = await import("../../components/mesh/index.js");
    new mesh.MeshMtls("l5d", {
      provider: "linkerd",
      ingressController: {
        controller: "haproxy",
        namespace: "edge",
        mesh: { provider: "linkerd" },
      },
      namespaces: [
        { name: "shop", selector: { "app.kubernetes.io/name": "shop" }, ports: [8080, 8443] },
        { name: "batch", mode: "PERMISSIVE" },
      ],
    });
    new mesh.MeshMtls("moving", {
      provider: "linkerd",
      mode: "PERMISSIVE",
      ingressController: {
        controller: "traefik",
        namespace: "traefik",
        mesh: { provider: "linkerd" },
        serviceAccountName: "edge-proxy",
      },
      namespaces: [{ name: "blog", ports: [3000] }],
    });
    await settle();
  });

  it("registers namespaces, one identity per namespace and a Server and policy per port", () => {
    const parent = engine.named("l5d");
    assert.equal(parent.type, "tls-edge:mesh:MeshMtls");
    const children = engine.childrenOf(parent.urn).map((r) => `${r.type} ${r.name}`);
    assert.deepEqual(children.sort(), [
      `${NS} l5d-namespace-batch`,
      `${NS} l5d-namespace-shop`,
      `${AUTHZ} l5d-shop-authorization-8080`,
      `${AUTHZ} l5d-shop-authorization-8443`,
      `${AUTHN} l5d-shop-ingress-identity`,
      `${SERVER} l5d-shop-server-8080`,
      `${SERVER} l5d-shop-server-8443`,
    ]);
  });

  it("annotates namespaces for injection with the inbound default of their mode", () => {
    assert.deepEqual(inputsOf(engine, "l5d-namespace-shop"), {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: {
        name: "shop",
        annotations: {
          "linkerd.io/inject": "enabled",
          "config.linkerd.io/default-inbound-policy": "all-authenticated",
        },
      },
    });
    assert.deepEqual(inputsOf(engine, "l5d-namespace-batch").metadata, {
      name: "batch",
      annotations: {
        "linkerd.io/inject": "enabled",
        "config.linkerd.io/default-inbound-policy": "all-unauthenticated",
      },
    });
  });

  it("authorises the controller's ServiceAccount by mTLS identity", () => {
    assert.deepEqual(inputsOf(engine, "l5d-shop-ingress-identity"), {
      apiVersion: "policy.linkerd.io/v1alpha1",
      kind: "MeshTLSAuthentication",
      metadata: { name: "ingress-controller", namespace: "shop" },
      spec: {
        identityRefs: [
          { kind: "ServiceAccount", name: "haproxy-kubernetes-ingress", namespace: "edge" },
        ],
      },
    });
  });

  it("denies everything else on each port under STRICT", () => {
    assert.deepEqual(inputsOf(engine, "l5d-shop-server-8443"), {
      apiVersion: "policy.linkerd.io/v1beta3",
      kind: "Server",
      metadata: { name: "ingress-8443", namespace: "shop" },
      spec: {
        podSelector: { matchLabels: { "app.kubernetes.io/name": "shop" } },
        port: 8443,
        accessPolicy: "deny",
      },
    });
    assert.deepEqual(inputsOf(engine, "l5d-shop-authorization-8443"), {
      apiVersion: "policy.linkerd.io/v1alpha1",
      kind: "AuthorizationPolicy",
      metadata: { name: "ingress-8443", namespace: "shop" },
      spec: {
        targetRef: { group: "policy.linkerd.io", kind: "Server", name: "ingress-8443" },
        requiredAuthenticationRefs: [
          { group: "policy.linkerd.io", kind: "MeshTLSAuthentication", name: "ingress-controller" },
        ],
      },
    });
    assert.deepEqual(
      [...engine.named("l5d-shop-authorization-8443").dependencies].sort(),
      [
        engine.named("l5d-shop-ingress-identity").urn,
        engine.named("l5d-shop-server-8443").urn,
      ].sort(),
    );
  });

  it("keeps the same objects while migrating, with the Server open to all", () => {
    assert.deepEqual(inputsOf(engine, "moving-blog-server-3000").spec, {
      podSelector: {},
      port: 3000,
      accessPolicy: "all-unauthenticated",
    });
    assert.deepEqual(inputsOf(engine, "moving-blog-ingress-identity").spec, {
      identityRefs: [{ kind: "ServiceAccount", name: "edge-proxy", namespace: "traefik" }],
    });
  });

  it("has no Istio objects", () => {
    assert.equal(engine.resources.filter((r) => r.type.includes("istio.io")).length, 0);
  });

  it("exposes the ingress identity", () => {
    const c = new mesh.MeshMtls("outputs", {
      provider: "linkerd",
      ingressController: {
        controller: "ingress-nginx",
        namespace: "ingress-nginx",
        mesh: { provider: "linkerd" },
      },
    });
    assert.equal(c.ingressIdentity, "ingress-nginx/ingress-nginx");
    assert.equal(c.rootNamespace, undefined);
    assert.deepEqual(c.resources, []);
  });

  it("passes the strict schema check (Linkerd CRDs included) and the secrets check", async () => {
    await checkAll(engine);
  });
});
