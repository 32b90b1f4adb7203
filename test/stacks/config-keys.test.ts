/**
 * Errors components raise under the stack program name the config key behind the argument, as
 * docs/stacks.md promises: `TlsIngressArgs.backend.port` of the first app reads
 * `tls-edge:apps[0].service.port`. Each case is a configuration the stack's own checks let
 * through (or, where they would refuse it, a parsed configuration changed after parsing, as a
 * future program change could pass on) that a component refuses.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { resolve } from "node:path";
import { useMocks } from "../helpers/mocks";
import type { StackConfig } from "../../stacks/config";

useMocks();

let program: typeof import("../../stacks/program.js").program;
let parseStackConfig: typeof import("../../stacks/config.js").parseStackConfig;
before(async () => {
  ({ program } = await import("../../stacks/program.js"));
  ({ parseStackConfig } = await import("../../stacks/config.js"));
});

function raw(overrides: Record<string, unknown> = {}): Record<string, string> {
  const base: Record<string, unknown> = {
    environment: "staging",
    nodes: 3,
    issuer: {
      type: "acme",
      acme: {
        environment: "staging",
        email: "ops@example.com",
        dns01: [
          {
            provider: "route53",
            zones: ["example.com"],
            hostedZoneIds: ["Z0123456789ABCDEFGHIJ"],
            region: "eu-west-1",
            mode: "irsa",
            oidcProviderArn:
              "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABC",
            oidcIssuerUrl: "https://oidc.eks.eu-west-1.amazonaws.com/id/ABC",
          },
        ],
      },
    },
    controller: { kind: "traefik", replicas: 2 },
    apps: [
      { name: "web", namespace: "web", hosts: ["www.example.com"], service: { name: "web" } },
      {
        name: "api",
        namespace: "api",
        hosts: ["api.example.com"],
        service: { name: "api", port: 8443 },
      },
    ],
    monitoring: { enabled: true },
    ...overrides,
  };
  return Object.fromEntries(
    Object.entries(base).map(([k, v]) => [
      `tls-edge:${k}`,
      typeof v === "string" ? v : JSON.stringify(v),
    ]),
  );
}

/** The program's error for this configuration. */
function failure(config: StackConfig): string {
  try {
    program(config);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("the program did not fail");
}

type Change = (c: StackConfig) => StackConfig;
function app(c: StackConfig, i: number, change: object): StackConfig {
  return { ...c, apps: c.apps.map((a, j) => (j === i ? { ...a, ...change } : a)) };
}
function acme(c: StackConfig, change: object): StackConfig {
  return { ...c, issuer: { ...c.issuer, acme: { ...c.issuer.acme!, ...change } } };
}
function dns01(c: StackConfig, change: object): StackConfig {
  return acme(c, { dns01: [{ ...c.issuer.acme!.dns01[0]!, ...change }] });
}
const CLOUDFLARE = {
  provider: "cloudflare" as const,
  zones: ["example.com"],
  zoneIds: ["not hex"],
  accountId: "0123456789abcdef0123456789abcdef",
};

describe("component errors under the stack program", () => {
  it("resolve a relative chart path against the stack files' folder", () => {
    const config = parseStackConfig(
      "staging",
      raw({ certManager: { chart: { path: "../charts/cert-manager", values: { a: 1 } } } }),
    );
    assert.deepEqual(config.certManager.chart, {
      path: resolve(__dirname, "../../charts/cert-manager"),
      values: { a: 1 },
    });
  });

  it("name the config key of a value only the component checks", () => {
    const config = parseStackConfig(
      "staging",
      raw({
        apps: [
          {
            name: "web",
            namespace: "web",
            hosts: ["www.example.com"],
            // The stack config checks the port range itself; the name only the component checks.
            service: { name: "Web_1", port: 8080 },
          },
        ],
      }),
    );
    assert.equal(
      failure(config),
      "tls-edge:apps[0].service.name: \"Web_1\" is not a valid Service name; use lower-case letters, digits and '-'",
    );
  });

  const cases: [string, Change, string][] = [
    [
      "an app namespace",
      (c) => app(c, 0, { namespace: "Web" }),
      "tls-edge:apps[0].namespace: \"Web\" is not a valid namespace name; use lower-case letters, digits and '-'",
    ],
    [
      "an app host",
      (c) => app(c, 0, { hosts: ["www.example.com", "Bad_Host"] }),
      'tls-edge:apps[0].hosts[1]: "Bad_Host" has upper-case letters; use a lower-case DNS name such as app.example.com',
    ],
    [
      "an app strategy",
      (c) => app(c, 0, { strategy: "bogus" as never }),
      'tls-edge:apps[0].strategy: "bogus" is not a TLS strategy; use one of edge, passthrough, reencrypt\ntls-edge:apps[0].strategy: "bogus" on Traefik needs an IngressRouteTCP, a Traefik CRD tls-edge does not emit (no published schema to check it against); route the host through a TlsGateway passthrough listener, or use controller haproxy',
    ],
    [
      "controller replicas",
      (c) => ({ ...c, controller: { ...c.controller, replicas: 0 } }),
      "tls-edge:controller.replicas: 0 is not a positive whole number; use 1 or more (2+ for HA)",
    ],
    [
      "a chart path that holds no chart",
      (c) => ({
        ...c,
        certManager: { ...c.certManager, chart: { path: "/nonexistent/cert-manager" } },
      }),
      "tls-edge:certManager.chart.path: /nonexistent/cert-manager is not a chart folder (no Chart.yaml in it); give the folder of the cert-manager chart v1.21.1, or leave path out to use https://charts.jetstack.io",
    ],
    [
      "the controller's chart path",
      (c) => ({ ...c, controller: { ...c.controller, chart: { path: "/nonexistent/traefik" } } }),
      "tls-edge:controller.chart.path: /nonexistent/traefik is not a chart folder (no Chart.yaml in it); give the folder of the traefik chart 41.3.0, or leave path out to use https://traefik.github.io/charts",
    ],
    [
      "the controller kind",
      (c) => ({ ...c, controller: { ...c.controller, kind: "bogus" as never } }),
      'tls-edge:controller.kind: "bogus" is not a known controller; use one of traefik, haproxy, ingress-nginx',
    ],
    [
      "anti-affinity against nodes",
      (c) => ({ ...c, nodes: 1, controller: { ...c.controller, antiAffinity: "required" } }),
      'tls-edge:controller.antiAffinity: "required" with 2 replicas on 1 nodes leaves 1 pod(s) unschedulable; use "preferred", or at most 1 replicas',
    ],
    [
      "the controller budget",
      (c) => ({ ...c, controller: { ...c.controller, pdbMinAvailable: 2 } }),
      "tls-edge:controller.pdbMinAvailable: 2 is not below the 2 replicas, so it blocks every eviction and node drain; use at most 1, or maxUnavailable: 1",
    ],
    [
      "controller autoscaling",
      (c) => ({
        ...c,
        controller: { ...c.controller, autoscaling: { min: 3, max: 2, targetCpu: 150 } },
      }),
      "tls-edge:controller.autoscaling: min 3 is greater than max 2; make max at least min\ntls-edge:controller.autoscaling.targetCpu: 150 is not a percentage; use a value between 1 and 100",
    ],
    [
      "a default host",
      (c) => ({ ...c, controller: { ...c.controller, defaultHosts: ["Bad"] } }),
      'tls-edge:controller.defaultHosts[0]: "Bad" has upper-case letters; use a lower-case DNS name such as edge.example.com',
    ],
    [
      "cert-manager replicas",
      (c) => ({ ...c, certManager: { ...c.certManager, replicas: 0 } }),
      "tls-edge:certManager.replicas: 0 is not a whole number of at least 1; run at least 1 controller replica (2 or 3 for high availability)\ntls-edge:certManager.replicas: 0 is not a whole number of at least 1; run at least 1 webhook replica (2 or 3 for high availability)\ntls-edge:certManager.replicas: 0 is not a whole number of at least 1; run at least 1 cainjector replica (2 or 3 for high availability)",
    ],
    [
      "the ACME e-mail",
      (c) => acme(c, { email: "nope" }),
      'tls-edge:issuer.acme.email: "nope" is not an e-mail address; give an address or omit email',
    ],
    [
      "the ACME server",
      (c) => acme(c, { server: "http://acme.example.com/dir" }),
      'tls-edge:issuer.acme.server: "http://acme.example.com/dir" is not an https URL; give the CA\'s ACME directory URL',
    ],
    [
      "a DNS-01 zone",
      (c) => dns01(c, { zones: ["Bad Zone"] }),
      'tls-edge:issuer.acme.dns01[0].zones[0]: "Bad Zone" is not a DNS zone name; give the zone in lower case without wildcard or trailing dot, e.g. "example.com"',
    ],
    [
      "a Route53 region",
      (c) => dns01(c, { region: "mars-1" }),
      'tls-edge:issuer.acme.dns01[0].region: "mars-1" is not an AWS region; use a region name such as "eu-west-1"',
    ],
    [
      "a Route53 hosted zone id",
      (c) => dns01(c, { hostedZoneIds: ["bad id"] }),
      'tls-edge:issuer.acme.dns01[0].hostedZoneIds[0]: "bad id" is neither a hosted zone id nor a hosted zone ARN; give the id as Route53 shows it (e.g. "Z0123456789ABCDEFGHIJ") or "arn:aws:route53:::hostedzone/<id>"',
    ],
    [
      "an OIDC provider ARN",
      (c) => dns01(c, { credentials: { mode: "irsa", oidcProviderArn: "x" } }),
      'tls-edge:issuer.acme.dns01[0].oidcProviderArn: "x" is not an IAM OIDC provider ARN; give the cluster\'s provider, e.g. "arn:aws:iam::123456789012:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE"',
    ],
    [
      "a Cloudflare zone id",
      (c) => acme(c, { dns01: [CLOUDFLARE] }),
      'tls-edge:issuer.acme.dns01[0].zoneIds[0]: "not hex" is not a Cloudflare zone id; copy the 32-character hex Zone ID from the zone\'s Overview page',
    ],
    [
      "Istio's root namespace",
      (c) => ({ ...c, mesh: "STRICT", meshRootNamespace: "Istio" }),
      "tls-edge:mesh.rootNamespace: \"Istio\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
    ],
    [
      "the mesh mode",
      (c) => ({ ...c, mesh: "bogus" as never }),
      'tls-edge:mesh: "bogus" is not an mTLS mode; use "STRICT" or "PERMISSIVE"',
    ],
    [
      "the expiry warning days",
      (c) => ({ ...c, monitoring: { ...c.monitoring, expiryWarningDays: -1 } }),
      "tls-edge:monitoring.expiryWarningDays: -1 is not a whole number of days; use 1 or more\nCertificateAlertsArgs.expiryCriticalDays: 7 is not below expiryWarningDays -1, so the warning never fires first; use fewer than -1 days",
    ],
    [
      "the monitoring namespace",
      (c) => ({ ...c, monitoring: { ...c.monitoring, namespace: "Mon" } }),
      "tls-edge:monitoring.namespace: \"Mon\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters",
    ],
    [
      "a passthrough host on the Gateway",
      (c) =>
        app(c, 1, {
          strategy: "passthrough",
          hosts: ["api.example.com", "*.example.com", "*.example.com"],
        }),
      'tls-edge:apps[1].hosts[2]: "*.example.com" is listed twice; give each host one listener',
    ],
    [
      "the Gateway API CRDs source",
      (c) => ({
        ...c,
        certManager: { ...c.certManager, gatewayApi: true },
        gatewayApi: { crds: "ftp://x" },
      }),
      'tls-edge:gatewayApi.crds: "ftp://x" is not an https URL; use the release manifest, e.g. https://github.com/kubernetes-sigs/gateway-api/releases/download/v1.5.1/standard-install.yaml, or a local file or folder',
    ],
  ];
  for (const [title, change, message] of cases) {
    it(`name the key of ${title}`, () => {
      const config = change(parseStackConfig("staging", raw()));
      assert.equal(failure(config), message);
    });
  }
});
