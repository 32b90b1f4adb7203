/**
 * What the real Traefik chart (41.3.0, read in place from ../shared/upstream) renders from the
 * values IngressController computes for dev-, staging- and prod-like args: helm enforces the
 * chart's values.schema.json, and the assertions are on the objects the chart emits.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import { useMocks, settle } from "../helpers/mocks";
import {
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  helmTemplate,
  requireHelm,
  type RenderedObject,
} from "../helpers/helm";

useMocks();

type Edge = typeof import("../../components/edge/index.js");
let edge: Edge;
let crds: InstanceType<Edge["GatewayApiCrds"]>;

function valueOf<T>(output: { apply<U>(f: (t: T) => U): unknown }): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

/** The chart's objects for an IngressController's values, as Helm installs the release. */
async function render(
  helm: string,
  controller: InstanceType<Edge["IngressController"]>,
): Promise<RenderedObject[]> {
  return helmTemplate(helm, UPSTREAM_CHARTS.traefik, await valueOf(controller.values), {
    namespace: controller.namespace,
    releaseName: "traefik",
    apiVersions: MONITORING_API_VERSIONS,
  });
}

function one(objects: RenderedObject[], kind: string): RenderedObject {
  const found = objects.filter((o) => o.kind === kind);
  assert.equal(found.length, 1, `one ${kind} in ${objects.map((o) => o.kind).join(", ")}`);
  return found[0]!;
}

function container(objects: RenderedObject[]): RenderedObject {
  return one(objects, "Deployment").spec.template.spec.containers[0];
}

/** Entry point name → port, from the container's `--entryPoints.<name>.address=:<port>/tcp`. */
function entryPoints(objects: RenderedObject[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const arg of container(objects).args as string[]) {
    const m = /^--entryPoints\.([^.]+)\.address=:(\d+)\/tcp$/.exec(arg);
    if (m) out[m[1]!] = Number(m[2]);
  }
  return out;
}

describe("the Traefik chart renders what IngressController asks for", () => {
  before(async () => {
    edge = await import("../../components/edge/index.js");
    crds = new edge.GatewayApiCrds("chart-gateway-api");
  });

  it("pins the chart version the upstream chart source carries", async () => {
    const { CHARTS } = await import("../../components/known.js");
    const chart = parse(readFileSync(join(UPSTREAM_CHARTS.traefik, "Chart.yaml"), "utf8")) as {
      version: string;
    };
    assert.equal(CHARTS.traefik.version, chart.version);
  });

  it("dev-like (one replica): no autoscaler, no budget, no Gateway provider", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const c = new edge.IngressController("dev-like", {
      replicas: 1,
      antiAffinity: "none",
      nodes: 1,
      defaultCertificate: { secretName: "dev-tls" },
    });
    await settle();
    const objects = await render(helm, c);
    assert.equal(one(objects, "Deployment").spec.replicas, 1);
    for (const kind of ["HorizontalPodAutoscaler", "PodDisruptionBudget", "GatewayClass"]) {
      assert.equal(objects.filter((o) => o.kind === kind).length, 0, kind);
    }
    assert.ok(!(container(objects).args as string[]).includes("--providers.kubernetesgateway"));
    assert.deepEqual(one(objects, "TLSStore").spec, {
      defaultCertificate: { secretName: "dev-tls" },
    });
  });

  it("staging-like (two replicas): the budget and the HTTP→HTTPS redirect", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const c = new edge.IngressController("staging-like", {
      replicas: 2,
      zoneSpread: true,
      nodes: 3,
      podDisruptionBudget: { minAvailable: 1 },
      mesh: { provider: "istio" },
      defaultCertificate: { secretName: "staging-tls" },
    });
    await settle();
    const objects = await render(helm, c);
    assert.equal(one(objects, "Deployment").spec.replicas, 2);
    const pdb = one(objects, "PodDisruptionBudget");
    assert.equal(pdb.apiVersion, "policy/v1");
    assert.equal(pdb.spec.minAvailable, 1);
    const args = container(objects).args as string[];
    assert.ok(args.includes("--entryPoints.web.http.redirections.entryPoint.to=:443"));
    assert.ok(args.includes("--entryPoints.web.http.redirections.entryPoint.scheme=https"));
    assert.ok(args.includes("--entryPoints.web.http.redirections.entryPoint.permanent=true"));
    assert.equal(objects.filter((o) => o.kind === "HorizontalPodAutoscaler").length, 0);
    // Without autoscaling nothing is set that the chart would not set by itself.
    assert.equal(container(objects).resources, null);
  });

  it("prod-like: the autoscaled Deployment requests CPU, and the HPA scales it on CPU", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const c = new edge.IngressController("prod-like", {
      autoscaling: { min: 3, max: 6, targetCPU: 70 },
      antiAffinity: "required",
      nodes: 6,
      zoneSpread: true,
      podDisruptionBudget: { minAvailable: 2 },
      mesh: { provider: "istio" },
      gatewayApi: crds,
      defaultCertificate: { secretName: "prod-tls" },
    });
    await settle();
    const objects = await render(helm, c);
    const deployment = one(objects, "Deployment");
    // The autoscaler owns the count: the chart leaves replicas out.
    assert.equal(deployment.spec.replicas, undefined);
    const resources = container(objects).resources;
    assert.equal(resources.requests.cpu, "100m");
    assert.equal(resources.requests.memory, "128Mi");
    assert.equal(resources.limits.memory, "256Mi");
    assert.equal(resources.limits.cpu, undefined);
    // The chart derives the Go runtime's soft limit from the memory limit.
    const env = container(objects).env as { name: string; value?: string }[];
    assert.ok(
      env.some((e) => e.name === "GOMEMLIMIT" && e.value),
      JSON.stringify(env),
    );
    const hpa = one(objects, "HorizontalPodAutoscaler");
    assert.deepEqual(hpa.spec.scaleTargetRef, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      name: deployment.metadata.name,
    });
    assert.equal(hpa.spec.minReplicas, 3);
    assert.equal(hpa.spec.maxReplicas, 6);
    assert.deepEqual(hpa.spec.metrics, [
      {
        type: "Resource",
        resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
      },
    ]);
    assert.equal(one(objects, "PodDisruptionBudget").spec.minAvailable, 2);
  });

  it("prod-like: the Gateway provider, its GatewayClass, and no Gateway of the chart's own", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const c = new edge.IngressController("gw-like", {
      gatewayApi: crds,
      defaultCertificate: { secretName: "gw-tls" },
    });
    await settle();
    const objects = await render(helm, c);
    assert.ok((container(objects).args as string[]).includes("--providers.kubernetesgateway"));
    const gatewayClass = one(objects, "GatewayClass");
    assert.equal(gatewayClass.metadata.name, c.gateway?.gatewayClassName);
    assert.equal(gatewayClass.spec.controllerName, "traefik.io/gateway-controller");
    assert.equal(objects.filter((o) => o.kind === "Gateway").length, 0);
    // The provider reads Gateway API objects cluster-wide.
    const rules = one(objects, "ClusterRole").rules as {
      apiGroups: string[];
      resources: string[];
    }[];
    const gatewayRules = rules.filter((r) => r.apiGroups.includes("gateway.networking.k8s.io"));
    assert.ok(gatewayRules.some((r) => r.resources.includes("tlsroutes")));
    // Listener ports are the entry points' ports the chart really renders.
    const ports = entryPoints(objects);
    assert.deepEqual(c.gateway?.ports, { http: ports["web"], https: ports["websecure"] });
    // ... and clients reach them on the Service's ports for those entry points.
    const service = objects.find((o) => o.kind === "Service" && o.metadata.name === c.serviceName);
    const exposed = (name: string) =>
      (service?.spec.ports as { port: number; targetPort: string }[]).find(
        (p) => p.targetPort === name,
      )?.port;
    assert.deepEqual(c.gateway?.servicePorts, {
      http: exposed("web"),
      https: exposed("websecure"),
    });
  });
});
