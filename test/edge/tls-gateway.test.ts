import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let gw: InstanceType<Edge["TlsGateway"]>;

describe("TlsGateway", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    const { TestIssuer } = await import("./issuer.js");
    gw = new edge.TlsGateway("public", {
      gatewayClassName: "istio",
      namespace: "gateways",
      hosts: ["shop.example.com", "*.apps.example.com"],
      passthroughHosts: ["db.example.com"],
      issuer: new TestIssuer("le"),
      allowedRoutes: "All",
    });
    await settle();
  });

  it("emits a Gateway with HTTPS terminate, TLS passthrough and HTTP listeners", async () => {
    const gateway = engine.named("public-gateway");
    assert.equal(gateway.type, "kubernetes:gateway.networking.k8s.io/v1:Gateway");
    assert.equal(gateway.parent, engine.named("public").urn);
    assert.ok(gateway.dependencies.includes(engine.named("le-issuer").urn));
    const inputs = inputsOf(engine, "public-gateway");
    assert.deepEqual(inputs["metadata"], {
      name: "public",
      namespace: "gateways",
      annotations: { "cert-manager.io/cluster-issuer": "le" },
    });
    const all = { namespaces: { from: "All" } };
    assert.deepEqual(inputs["spec"], {
      gatewayClassName: "istio",
      listeners: [
        {
          name: "http",
          port: 80,
          protocol: "HTTP",
          allowedRoutes: { namespaces: { from: "Same" } },
        },
        {
          name: "https-shop-example-com",
          hostname: "shop.example.com",
          port: 443,
          protocol: "HTTPS",
          tls: {
            mode: "Terminate",
            certificateRefs: [{ group: "", kind: "Secret", name: "shop-example-com-tls" }],
          },
          allowedRoutes: all,
        },
        {
          name: "https-wildcard-apps-example-com",
          hostname: "*.apps.example.com",
          port: 443,
          protocol: "HTTPS",
          tls: {
            mode: "Terminate",
            certificateRefs: [{ group: "", kind: "Secret", name: "wildcard-apps-example-com-tls" }],
          },
          allowedRoutes: all,
        },
        {
          name: "tls-db-example-com",
          hostname: "db.example.com",
          port: 443,
          protocol: "TLS",
          tls: { mode: "Passthrough" },
          allowedRoutes: { namespaces: { from: "All" }, kinds: [{ kind: "TLSRoute" }] },
        },
      ],
    });
    assert.deepEqual(gw.certificateSecrets, {
      "shop.example.com": "shop-example-com-tls",
      "*.apps.example.com": "wildcard-apps-example-com-tls",
    });
    await checkAll(engine);
  });

  it("redirects HTTP to HTTPS with a 301 on the http listener only", async () => {
    const route = engine.named("public-https-redirect");
    assert.equal(route.type, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
    assert.equal(route.parent, engine.named("public").urn);
    assert.deepEqual(inputsOf(engine, "public-https-redirect")["metadata"], {
      name: "public-https-redirect",
      namespace: "gateways",
    });
    assert.deepEqual(inputsOf(engine, "public-https-redirect")["spec"], {
      parentRefs: [{ name: "public", sectionName: "http" }],
      hostnames: ["shop.example.com", "*.apps.example.com", "db.example.com"],
      rules: [
        {
          filters: [
            { type: "RequestRedirect", requestRedirect: { scheme: "https", statusCode: 301 } },
          ],
        },
      ],
    });
  });

  it("TlsIngress edge → HTTPRoute on the listener covering each host", async () => {
    const app = new edge.TlsIngress("shop", {
      via: gw,
      namespace: "shop",
      hosts: ["shop.example.com", "api.apps.example.com"],
      paths: [{ path: "/" }, { path: "/healthz", pathType: "Exact" }],
      backend: { service: "web", port: 8080 },
    });
    await settle();
    const route = engine.named("shop-route");
    assert.equal(route.type, "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute");
    assert.equal(route.parent, engine.named("shop").urn);
    assert.deepEqual(inputsOf(engine, "shop-route")["metadata"], {
      name: "shop",
      namespace: "shop",
    });
    assert.deepEqual(inputsOf(engine, "shop-route")["spec"], {
      parentRefs: [
        { name: "public", namespace: "gateways", sectionName: "https-shop-example-com" },
        { name: "public", namespace: "gateways", sectionName: "https-wildcard-apps-example-com" },
      ],
      hostnames: ["shop.example.com", "api.apps.example.com"],
      rules: [
        {
          matches: [
            { path: { type: "PathPrefix", value: "/" } },
            { path: { type: "Exact", value: "/healthz" } },
          ],
          backendRefs: [{ name: "web", port: 8080 }],
        },
      ],
    });
    assert.deepEqual(app.annotations, {});
    await checkAll(engine);
  });

  it("TlsIngress passthrough → TLSRoute on the passthrough listener", async () => {
    new edge.TlsIngress("db", {
      via: gw,
      namespace: "data",
      hosts: ["db.example.com"],
      backend: { service: "postgres", port: 5432 },
      strategy: "passthrough",
    });
    await settle();
    const route = engine.named("db-route");
    assert.equal(route.type, "kubernetes:gateway.networking.k8s.io/v1:TLSRoute");
    assert.deepEqual(inputsOf(engine, "db-route")["spec"], {
      parentRefs: [{ name: "public", namespace: "gateways", sectionName: "tls-db-example-com" }],
      hostnames: ["db.example.com"],
      rules: [{ backendRefs: [{ name: "postgres", port: 5432 }] }],
    });
    await checkAll(engine);
  });

  it("TlsIngress reencrypt → HTTPRoute plus a BackendTLSPolicy against the CA bundle", async () => {
    new edge.TlsIngress("pay", {
      via: gw,
      namespace: "pay",
      hosts: ["pay.apps.example.com"],
      backend: { service: "pay", port: 8443 },
      strategy: "reencrypt",
      backendTls: { caBundle: { kind: "ConfigMap", name: "internal-ca" } },
    });
    await settle();
    const policy = engine.named("pay-backend-tls");
    assert.equal(policy.type, "kubernetes:gateway.networking.k8s.io/v1:BackendTLSPolicy");
    assert.equal(policy.parent, engine.named("pay").urn);
    assert.deepEqual(inputsOf(engine, "pay-backend-tls")["metadata"], {
      name: "pay-backend-tls",
      namespace: "pay",
    });
    assert.deepEqual(inputsOf(engine, "pay-backend-tls")["spec"], {
      targetRefs: [{ group: "", kind: "Service", name: "pay" }],
      validation: {
        caCertificateRefs: [{ group: "", kind: "ConfigMap", name: "internal-ca" }],
        hostname: "pay.pay.svc.cluster.local",
      },
    });
    assert.equal(
      engine.named("pay-route").type,
      "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
    );
    await checkAll(engine);
  });

  it("with an existing secret and no redirect: one certificateRef, no issuer annotation", async () => {
    new edge.TlsGateway("internal", {
      gatewayClassName: "envoy-gateway",
      namespace: "gateways",
      hosts: ["a.internal.example.com"],
      secretName: "internal-wildcard",
      httpRedirect: false,
    });
    await settle();
    const inputs = inputsOf(engine, "internal-gateway");
    assert.deepEqual(inputs["metadata"], {
      name: "internal",
      namespace: "gateways",
    });
    assert.deepEqual(inputs["spec"], {
      gatewayClassName: "envoy-gateway",
      listeners: [
        {
          name: "https-a-internal-example-com",
          hostname: "a.internal.example.com",
          port: 443,
          protocol: "HTTPS",
          tls: {
            mode: "Terminate",
            certificateRefs: [{ group: "", kind: "Secret", name: "internal-wildcard" }],
          },
          allowedRoutes: { namespaces: { from: "Same" } },
        },
      ],
    });
    assert.equal(engine.resources.filter((r) => r.name === "internal-https-redirect").length, 0);
    await checkAll(engine);
  });
});
