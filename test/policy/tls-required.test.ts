import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks } from "../helpers/mocks";
import { evaluate } from "../../policy/evaluate";
import { scenario, violationsOf, messagesOf } from "./support";

const engine = useMocks({ stack: "dev" });

const path = (service: string) => ({
  paths: [
    {
      path: "/",
      pathType: "Prefix",
      backend: { service: { name: service, port: { number: 80 } } },
    },
  ],
});

describe("tls-required", () => {
  let k8s: typeof import("@pulumi/kubernetes");
  before(async () => {
    k8s = await import("@pulumi/kubernetes");
  });

  interface IngressShape {
    annotations?: Record<string, string>;
    tls?: { hosts: string[]; secretName?: string }[];
    hosts?: string[];
  }
  const ingressArgs = (shape: IngressShape = {}) => ({
    metadata: { name: "web", namespace: "apps", annotations: shape.annotations ?? {} },
    spec: {
      ingressClassName: "nginx",
      tls: shape.tls ?? [{ hosts: ["*.example.com"], secretName: "wildcard-tls" }],
      rules: (shape.hosts ?? ["a.example.com", "b.example.com"]).map((host) => ({
        host,
        http: path("web"),
      })),
    },
  });
  const ingress = (shape: IngressShape = {}) =>
    new k8s.networking.v1.Ingress("web", ingressArgs(shape));

  it("passes an Ingress whose wildcard tls entry covers every host", async () => {
    const resources = await scenario(engine, () => void ingress());
    assert.deepEqual(await violationsOf(resources, "tls-required"), []);
  });

  it("fails an Ingress without tls (typed resource)", async () => {
    const resources = await scenario(engine, () => void ingress({ tls: [] }));
    assert.deepEqual(await violationsOf(resources, "tls-required"), [
      {
        policy: "tls-required",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "web",
        type: "kubernetes:networking.k8s.io/v1:Ingress",
        message:
          "Ingress web has no tls entries, so it serves plain HTTP. Fix: add spec.tls with the rule hosts and a secretName (e.g. from a cert-manager Certificate or the cert-manager.io/cluster-issuer annotation).",
      },
    ]);
  });

  it("fails a host two labels below the wildcard", async () => {
    const resources = await scenario(engine, () => void ingress({ hosts: ["a.b.example.com"] }));
    assert.deepEqual(await messagesOf(resources, "tls-required"), [
      'Ingress web host "a.b.example.com" (spec.rules[0]) is not covered by any tls entry with a secret. Fix: add "a.b.example.com" (or a wildcard one label up) to spec.tls[].hosts.',
    ]);
  });

  it("fails a tls entry without a secret name", async () => {
    const tls = [{ hosts: ["a.example.com", "b.example.com"] }];
    const resources = await scenario(engine, () => void ingress({ tls }));
    assert.deepEqual(await messagesOf(resources, "tls-required"), [
      "Ingress web spec.tls[0] has no secretName, so the controller serves its default certificate. Fix: set secretName to the Secret holding the certificate.",
      'Ingress web host "a.example.com" (spec.rules[0]) is not covered by any tls entry with a secret. Fix: add "a.example.com" (or a wildcard one label up) to spec.tls[].hosts.',
      'Ingress web host "b.example.com" (spec.rules[1]) is not covered by any tls entry with a secret. Fix: add "b.example.com" (or a wildcard one label up) to spec.tls[].hosts.',
    ]);
  });

  for (const key of ["nginx.ingress.kubernetes.io/ssl-redirect", "haproxy.org/ssl-redirect"]) {
    it(`fails ${key}: "false" and restores it at remediate`, async () => {
      const resources = await scenario(
        engine,
        () => void ingress({ annotations: { [key]: "false" } }),
      );
      assert.deepEqual(await messagesOf(resources, "tls-required"), [
        `Ingress web sets ${key}: "false", turning off the HTTPS redirect. Fix: remove the annotation (or run this rule at remediate to restore it).`,
      ]);
      const remediated = await evaluate(resources, {
        stack: "dev",
        config: { "tls-required": "remediate" },
      });
      assert.deepEqual(remediated.remediations, [
        {
          policy: "tls-required",
          resource: "web",
          type: "kubernetes:networking.k8s.io/v1:Ingress",
        },
      ]);
      assert.deepEqual(
        remediated.violations.filter((v) => v.policy === "tls-required"),
        [],
      );
    });
  }

  it("fails a Traefik Ingress bound to the web entrypoint only", async () => {
    const annotations = { "traefik.ingress.kubernetes.io/router.entrypoints": "web" };
    const resources = await scenario(engine, () => void ingress({ annotations }));
    assert.deepEqual(await messagesOf(resources, "tls-required"), [
      'Ingress web sets traefik.ingress.kubernetes.io/router.entrypoints: "web" without websecure and without a redirect middleware. Fix: use "websecure" (the web entrypoint redirects when ports.web.redirections is set) or attach a redirectScheme middleware.',
    ]);
    const ok = await scenario(
      engine,
      () =>
        void ingress({
          annotations: { "traefik.ingress.kubernetes.io/router.entrypoints": "web,websecure" },
        }),
    );
    assert.deepEqual(await messagesOf(ok, "tls-required"), []);
  });

  it("fails an Ingress without tls inside a ConfigGroup and a raw CustomResource Ingress", async () => {
    const resources = await scenario(engine, () => {
      const plain = ingressArgs({ tls: [] });
      new k8s.yaml.v2.ConfigGroup("apps", {
        objs: [{ apiVersion: "networking.k8s.io/v1", kind: "Ingress", ...plain }],
      });
      new k8s.apiextensions.CustomResource("raw", {
        apiVersion: "networking.k8s.io/v1",
        kind: "Ingress",
        ...ingressArgs({ tls: [] }),
        metadata: { name: "raw", namespace: "apps" },
      });
    });
    const found = await violationsOf(resources, "tls-required");
    assert.deepEqual(found.map((v) => [v.resource, v.type]).sort(), [
      ["networking.k8s.io/Ingress/web", "kubernetes:networking.k8s.io/v1:Ingress"],
      ["raw", "kubernetes:networking.k8s.io/v1:Ingress"],
    ]);
  });

  const release = (chart: string, values: Record<string, unknown>) =>
    new k8s.helm.v3.Release(chart, { chart, version: "1.0.0", values });

  it("checks the controllers' minimum TLS version through Helm values", async () => {
    const good = await scenario(engine, () => {
      release("ingress-nginx", { controller: { config: { "ssl-protocols": "TLSv1.2 TLSv1.3" } } });
      release("traefik", { tlsOptions: { default: { minVersion: "VersionTLS12" } } });
      release("kubernetes-ingress", {
        controller: { config: { "ssl-options": "ssl-min-ver TLSv1.2" } },
      });
    });
    assert.deepEqual(await messagesOf(good, "tls-required"), []);
    const bad = await scenario(engine, () => {
      release("ingress-nginx", { controller: { config: { "ssl-protocols": "TLSv1.1 TLSv1.2" } } });
      release("traefik", { tlsOptions: { default: { minVersion: "VersionTLS11" } } });
      release("kubernetes-ingress", { controller: { config: { "ssl-options": "no-sslv3" } } });
    });
    // Registration order is not program order under the engine: compare sorted.
    assert.deepEqual((await messagesOf(bad, "tls-required")).sort(), [
      'Helm release ingress-nginx (ingress-nginx) sets controller.config.ssl-protocols "TLSv1.1 TLSv1.2". Fix: use "TLSv1.2 TLSv1.3".',
      'Helm release kubernetes-ingress (haproxy) sets controller.config.ssl-options "no-sslv3", which allows protocols below TLS 1.2. Fix: add "ssl-min-ver TLSv1.2".',
      'Helm release traefik (traefik) sets tlsOptions.default.minVersion "VersionTLS11". Fix: use "VersionTLS12" or "VersionTLS13".',
    ]);
  });

  const gateway = (httpsRefs: boolean) =>
    new k8s.apiextensions.CustomResource("edge", {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "Gateway",
      metadata: { name: "edge", namespace: "gw" },
      spec: {
        gatewayClassName: "traefik",
        listeners: [
          { name: "http", protocol: "HTTP", port: 80 },
          {
            name: "https",
            protocol: "HTTPS",
            port: 443,
            tls: {
              mode: "Terminate",
              ...(httpsRefs ? { certificateRefs: [{ name: "edge-tls" }] } : {}),
            },
          },
        ],
      },
    });
  const route = (name: string, sectionName: string, redirectOnly: boolean) =>
    new k8s.apiextensions.CustomResource(name, {
      apiVersion: "gateway.networking.k8s.io/v1",
      kind: "HTTPRoute",
      metadata: { name, namespace: "gw" },
      spec: {
        parentRefs: [{ name: "edge", sectionName }],
        rules: [
          redirectOnly
            ? {
                filters: [
                  {
                    type: "RequestRedirect",
                    requestRedirect: { scheme: "https", statusCode: 301 },
                  },
                ],
              }
            : { backendRefs: [{ name: "web", port: 80 }] },
        ],
      },
    });

  it("checks Gateway HTTPS listeners and routes on HTTP listeners", async () => {
    const good = await scenario(engine, () => {
      gateway(true);
      route("redirect", "http", true);
      route("app", "https", false);
    });
    const all = await evaluate(good, { stack: "dev" });
    assert.deepEqual(
      all.violations.filter((v) => v.policy.includes("gateway") || v.policy === "tls-required"),
      [],
    );
    const bad = await scenario(engine, () => {
      gateway(false);
      route("app", "http", false);
    });
    assert.deepEqual(await messagesOf(bad, "tls-required"), [
      'Gateway edge HTTPS listener "https" has no tls.certificateRefs. Fix: reference the TLS Secret (tls.mode Terminate), or use cert-manager\'s Gateway annotations to create it.',
    ]);
    assert.deepEqual(await violationsOf(bad, "gateway-https-redirect"), [
      {
        policy: "gateway-https-redirect",
        enforcementLevel: "mandatory",
        severity: "high",
        resource: "app",
        type: "kubernetes:gateway.networking.k8s.io/v1:HTTPRoute",
        message:
          'HTTPRoute gw/app attaches to plain-HTTP listener "http" of Gateway gw/edge and serves traffic there. Fix: set parentRefs[].sectionName to the HTTPS listener, and give the HTTP listener only a RequestRedirect {scheme: https, statusCode: 301} route.',
      },
    ]);
  });
});
