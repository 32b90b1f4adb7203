import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";

const engine = useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let TestIssuer: typeof import("./issuer.js").TestIssuer;
let issuer: InstanceType<typeof TestIssuer>;
const controllers: Record<string, InstanceType<Edge["IngressController"]>> = {};

const CA = { kind: "Secret", name: "internal-ca" } as const;
const BASE = {
  namespace: "shop",
  hosts: ["shop.example.com"],
  backend: { service: "web", port: 8443 },
};

/** The controller × strategy matrix: Ingress annotations and backend Service annotations. */
const MATRIX: Record<string, Record<string, { ingress: object; service: object } | string>> = {
  "ingress-nginx": {
    edge: { ingress: {}, service: {} },
    passthrough:
      'TlsIngressArgs.strategy: "passthrough" needs ingress-nginx started with --enable-ssl-passthrough, which this IngressController is not; set sslPassthrough: true on the IngressController',
    reencrypt: {
      ingress: {
        "nginx.ingress.kubernetes.io/backend-protocol": "HTTPS",
        "nginx.ingress.kubernetes.io/proxy-ssl-secret": "shop/internal-ca",
        "nginx.ingress.kubernetes.io/proxy-ssl-verify": "on",
        "nginx.ingress.kubernetes.io/proxy-ssl-name": "web.shop.svc.cluster.local",
        "nginx.ingress.kubernetes.io/proxy-ssl-server-name": "on",
      },
      service: {},
    },
  },
  "ingress-nginx+passthrough": {
    passthrough: {
      ingress: { "nginx.ingress.kubernetes.io/ssl-passthrough": "true" },
      service: {},
    },
  },
  haproxy: {
    edge: { ingress: {}, service: {} },
    passthrough: { ingress: { "haproxy.org/ssl-passthrough": "true" }, service: {} },
    reencrypt: {
      ingress: { "haproxy.org/server-ssl": "true", "haproxy.org/server-ca": "shop/internal-ca" },
      service: {},
    },
  },
  traefik: {
    edge: { ingress: {}, service: {} },
    passthrough:
      'TlsIngressArgs.strategy: "passthrough" on Traefik needs an IngressRouteTCP, a Traefik CRD tls-edge does not emit (no published schema to check it against); route the host through a TlsGateway passthrough listener, or use controller haproxy',
    // reencrypt on Traefik is an IngressRoute, not an Ingress: see reencrypt.test.ts.
  },
};

function backendTlsFor(strategy: string) {
  return strategy === "reencrypt" ? { backendTls: { caBundle: CA } } : {};
}

describe("TlsIngress on an IngressController", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    ({ TestIssuer } = await import("./issuer.js"));
    issuer = new TestIssuer("le");
    const cert = { secretName: "edge-tls" };
    controllers["traefik"] = new edge.IngressController("c-traefik", { defaultCertificate: cert });
    controllers["haproxy"] = new edge.IngressController("c-haproxy", {
      controller: "haproxy",
      defaultCertificate: cert,
    });
    controllers["ingress-nginx"] = new edge.IngressController("c-nginx", {
      controller: "ingress-nginx",
      defaultCertificate: cert,
    });
    controllers["ingress-nginx+passthrough"] = new edge.IngressController("c-nginx-pt", {
      controller: "ingress-nginx",
      namespace: "nginx-pt",
      ingressClassName: "nginx-pt",
      sslPassthrough: true,
      defaultCertificate: cert,
    });
    await settle();
  });

  for (const [key, strategies] of Object.entries(MATRIX)) {
    for (const [strategy, expected] of Object.entries(strategies)) {
      it(`${key} × ${strategy}`, async () => {
        const via = controllers[key]!;
        const name = `app-${key.replace("+", "-")}-${strategy}`;
        const args = {
          ...BASE,
          via,
          strategy: strategy as "edge",
          ...(strategy === "passthrough" ? {} : { certificate: { issuer } }),
          ...backendTlsFor(strategy),
        };
        if (typeof expected === "string") {
          assert.throws(() => new edge.TlsIngress(name, args), { message: expected });
          await settle();
          assert.equal(engine.resources.filter((r) => r.name.startsWith(name)).length, 0);
          return;
        }
        const app = new edge.TlsIngress(name, args);
        await settle();
        const ingress = engine.named(`${name}-ingress`);
        assert.equal(ingress.type, "kubernetes:networking.k8s.io/v1:Ingress");
        assert.equal(ingress.parent, engine.named(name).urn);
        const annotations =
          strategy === "passthrough"
            ? expected.ingress
            : { "cert-manager.io/cluster-issuer": "le", ...expected.ingress };
        assert.deepEqual(inputsOf(engine, `${name}-ingress`)["metadata"], {
          name,
          namespace: "shop",
          annotations,
        });
        const rules = [
          {
            host: "shop.example.com",
            http: {
              paths: [
                {
                  path: "/",
                  pathType: "Prefix",
                  backend: { service: { name: "web", port: { number: 8443 } } },
                },
              ],
            },
          },
        ];
        assert.deepEqual(inputsOf(engine, `${name}-ingress`)["spec"], {
          ingressClassName: via.ingressClassName,
          ...(strategy === "passthrough"
            ? {}
            : { tls: [{ hosts: ["shop.example.com"], secretName: `${name}-tls` }] }),
          rules,
        });
        assert.deepEqual(app.backendServiceAnnotations, expected.service);
        await checkAll(engine);
      });
    }
  }

  it("meshed controllers route through the Service: nginx, HAProxy and Traefik equivalents", async () => {
    const mesh = { provider: "istio" } as const;
    const cert = { secretName: "edge-tls" };
    const meshed = {
      "ingress-nginx": new edge.IngressController("m-nginx", {
        controller: "ingress-nginx",
        namespace: "m-nginx",
        mesh,
        defaultCertificate: cert,
      }),
      haproxy: new edge.IngressController("m-haproxy", {
        controller: "haproxy",
        namespace: "m-haproxy",
        mesh,
        defaultCertificate: cert,
      }),
      traefik: new edge.IngressController("m-traefik", {
        namespace: "m-traefik",
        mesh,
        defaultCertificate: cert,
      }),
    };
    const expected = {
      "ingress-nginx": {
        ingress: {
          "nginx.ingress.kubernetes.io/service-upstream": "true",
          "nginx.ingress.kubernetes.io/upstream-vhost": "web.shop.svc.cluster.local",
        },
        service: {},
      },
      haproxy: { ingress: { "haproxy.org/set-host": "web.shop.svc.cluster.local" }, service: {} },
      traefik: {
        ingress: {},
        service: { "traefik.ingress.kubernetes.io/service.passhostheader": "false" },
      },
    };
    for (const [key, via] of Object.entries(meshed)) {
      const app = new edge.TlsIngress(`mesh-${key}`, {
        ...BASE,
        via,
        certificate: { secretName: "shop-tls", dnsNames: ["*.example.com"] },
      });
      await settle();
      const want = expected[key as keyof typeof expected];
      assert.deepEqual(
        (inputsOf(engine, `mesh-${key}-ingress`)["metadata"] as { annotations: object })
          .annotations,
        want.ingress,
      );
      assert.deepEqual(app.backendServiceAnnotations, want.service);
      assert.equal(app.secretName, "shop-tls");
    }
    await checkAll(engine);
  });

  it("covers every host in one tls entry, with several paths", async () => {
    new edge.TlsIngress("multi", {
      ...BASE,
      via: controllers["haproxy"]!,
      hosts: ["shop.example.com", "www.example.com"],
      paths: [{ path: "/api" }, { path: "/health", pathType: "Exact" }],
      certificate: { issuer: new TestIssuer("shop-ca", { namespace: "shop" }) },
    });
    await settle();
    const ingress = inputsOf(engine, "multi-ingress");
    assert.deepEqual(ingress["metadata"], {
      name: "multi",
      namespace: "shop",
      annotations: { "cert-manager.io/issuer": "shop-ca" },
    });
    const paths = [
      {
        path: "/api",
        pathType: "Prefix",
        backend: { service: { name: "web", port: { number: 8443 } } },
      },
      {
        path: "/health",
        pathType: "Exact",
        backend: { service: { name: "web", port: { number: 8443 } } },
      },
    ];
    assert.deepEqual(ingress["spec"], {
      ingressClassName: "haproxy",
      tls: [{ hosts: ["shop.example.com", "www.example.com"], secretName: "multi-tls" }],
      rules: [
        { host: "shop.example.com", http: { paths } },
        { host: "www.example.com", http: { paths } },
      ],
    });
    await checkAll(engine);
  });
});
