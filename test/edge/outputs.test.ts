/**
 * Edge components given Outputs: `replicas` and a backend CA's PEM are checked once known, with
 * the construction-time messages, and fail `render` and `policy`; every other argument given as
 * an Output is refused at construction with the argument named, before anything is registered.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import {
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  helmTemplate,
  requireHelm,
} from "../helpers/helm";
import { failsOnceKnown, runCase } from "../helpers/offline-cli";
import { settle, useMocks } from "../helpers/mocks";

const engine = useMocks();
const PROGRAM = join(__dirname, "output-args-program.ts");
const CERT = { secretName: "edge-tls" };

describe("edge arguments known only at deployment", () => {
  const failing: [string, string][] = [
    [
      "replicas-output-0",
      "IngressControllerArgs.replicas: 0 is not a positive whole number; use 1 or more (2+ for HA)",
    ],
    [
      "replicas-secret-0",
      "IngressControllerArgs.replicas: [secret] is not a positive whole number; use 1 or more (2+ for HA)",
    ],
    [
      "replicas-output-1-budget",
      "IngressControllerArgs.podDisruptionBudget: is set with 1 replica, so it protects nothing (ingress-nginx does not even render it); run at least 2 replicas or drop podDisruptionBudget",
    ],
    [
      "ingress-pem-output",
      'TlsIngressArgs.backendTls.caBundle.pem: is not a PEM CA bundle (TlsIngressArgs.backendTls.caBundle.pem: no "-----BEGIN CERTIFICATE-----" block found; pass PEM text, the leaf certificate first, then its chain); pass the CA certificate\'s PEM text',
    ],
  ];
  failsOnceKnown(PROGRAM, failing);

  it("renders replicas given as a valid Output as the chart's Deployment and budget", (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const run = runCase(PROGRAM, "replicas-output-3", "render");
    assert.equal(run.status, 0, run.stderr);
    const release = run.resources!.find((r) => r.type === "kubernetes:helm.sh/v3:Release");
    assert.ok(release, "the Release is registered");
    const { values } = release.inputs as { values: unknown };
    const objects = helmTemplate(helm, UPSTREAM_CHARTS.traefik, values, {
      namespace: "traefik",
      releaseName: "traefik",
      apiVersions: MONITORING_API_VERSIONS,
    });
    const deployment = objects.find((o) => o.kind === "Deployment");
    assert.equal(deployment?.spec.replicas, 3);
    const budget = objects.find((o) => o.kind === "PodDisruptionBudget");
    assert.equal(budget?.spec.maxUnavailable, 1);
  });
});

describe("edge arguments that must be plain", () => {
  let edge: typeof import("../../components/edge/index.js");
  let pulumi: typeof import("@pulumi/pulumi");
  let controller: InstanceType<typeof edge.IngressController>;
  before(async () => {
    pulumi = await import("@pulumi/pulumi");
    edge = await import("../../components/edge/index.js");
    controller = new edge.IngressController("edge", { defaultCertificate: CERT });
    await settle();
  });

  async function refused(make: () => unknown, message: string): Promise<void> {
    const before = engine.resources.length;
    assert.throws(make, { message });
    await settle();
    assert.equal(engine.resources.length, before, "nothing is registered");
  }

  it("TlsIngress refuses hosts given as an Output", async () => {
    await refused(
      () =>
        new edge.TlsIngress("shop", {
          via: controller,
          namespace: "shop",
          hosts: pulumi.output(["shop.example.com"]) as unknown as string[],
          backend: { service: "web", port: 80 },
          certificate: CERT,
        }),
      "TlsIngressArgs.hosts: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: hosts, paths and the backend become object names and routes",
    );
  });

  it("TlsIngress refuses a backend port given as an Output inside a plain object", async () => {
    await refused(
      () =>
        new edge.TlsIngress("shop", {
          via: controller,
          namespace: "shop",
          hosts: ["shop.example.com"],
          backend: { service: "web", port: pulumi.output(80) as unknown as number },
          certificate: CERT,
        }),
      "TlsIngressArgs.backend: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: hosts, paths and the backend become object names and routes",
    );
  });

  it("TlsGateway refuses hosts given as an Output", async () => {
    await refused(
      () =>
        new edge.TlsGateway("gw", {
          gatewayClassName: "istio",
          namespace: "gateways",
          hosts: pulumi.output(["shop.example.com"]) as unknown as string[],
          secretName: "gw-tls",
        }),
      "TlsGatewayArgs.hosts: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: listeners, routes and object names are made from it",
    );
  });

  it("IngressController refuses default certificate names given as an Output", async () => {
    await refused(
      () =>
        new edge.IngressController("edge2", {
          defaultCertificate: {
            secretName: "edge-tls",
            dnsNames: pulumi.output(["edge.example.com"]) as unknown as never,
          },
        }),
      "IngressControllerArgs.defaultCertificate: is an Output (or a Promise), where a plain value is needed; pass it as a plain value: the namespace, chart values, certificate and budgets are decided from it at construction",
    );
  });
});
