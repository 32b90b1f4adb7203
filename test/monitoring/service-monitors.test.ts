/**
 * The ServiceMonitors a cluster ends up with: the charts' own, rendered by the real helm from
 * the values our components compute, plus those `CertificateAlerts` registers. Each is checked
 * against the Services and pods the charts really render: every endpoint reaches a metrics
 * port, each metrics port is scraped exactly once, cert-manager's certificate metrics keep
 * their own `namespace` label, and with monitoring off nothing needs the Prometheus Operator.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, inputsOf, kubernetesObjects, settle } from "../helpers/mocks";
import {
  helmTemplate,
  requireHelm,
  MONITORING_API_VERSIONS,
  UPSTREAM_CHARTS,
  type RenderedObject,
} from "../helpers/helm";

const engine = useMocks({ preview: false });

/** A Kubernetes API without the Prometheus Operator (kind, k3d, minikube as installed). */
const PLAIN_API_VERSIONS = ["policy/v1/PodDisruptionBudget"];

type Labels = Record<string, string>;
interface Selector {
  matchLabels?: Labels;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

function selects(selector: Selector | undefined, labels: Labels = {}): boolean {
  if (!selector) return false;
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([k, v]) => labels[k] === v);
  const byExpressions = (selector.matchExpressions ?? []).every((e) => {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    switch (e.operator) {
      case "In":
        return has && (e.values ?? []).includes(labels[e.key]!);
      case "NotIn":
        return !has || !(e.values ?? []).includes(labels[e.key]!);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        throw new Error(`unknown selector operator ${e.operator}`);
    }
  });
  return byLabels && byExpressions;
}

const WORKLOADS = new Set(["Deployment", "DaemonSet", "StatefulSet"]);

interface ContainerPort {
  name?: string;
  containerPort: number;
}

/** A container port on the pods a Service sends to: what Prometheus really scrapes. */
function containerPort(pod: RenderedObject, ref: string | number): number | undefined {
  const ports: ContainerPort[] = (pod["spec"]["template"]["spec"]["containers"] ?? []).flatMap(
    (c: { ports?: ContainerPort[] }) => c.ports ?? [],
  );
  const port = ports.find((p) => (typeof ref === "number" ? p.containerPort : p.name) === ref);
  return port?.containerPort;
}

/**
 * What one ServiceMonitor endpoint scrapes, as `namespace/workload:port`, resolved the way the
 * Prometheus Operator does: Services by the selector in the selected namespaces; `port` names
 * a Service port, `targetPort` a pod port; then through the Service to its pods' ports.
 */
function scraped(
  monitor: RenderedObject,
  endpoint: RenderedObject,
  objects: RenderedObject[],
): string[] {
  const spec = monitor["spec"];
  const namespaces: string[] | undefined = spec.namespaceSelector?.any
    ? undefined
    : (spec.namespaceSelector?.matchNames ?? [monitor["metadata"]["namespace"]]);
  const services = objects.filter(
    (o) =>
      o["kind"] === "Service" &&
      (namespaces === undefined || namespaces.includes(o["metadata"]["namespace"])) &&
      selects(spec.selector, o["metadata"]["labels"]),
  );
  const targets: string[] = [];
  for (const service of services) {
    const ns = service["metadata"]["namespace"];
    const pods = objects.filter(
      (o) =>
        WORKLOADS.has(o["kind"]) &&
        o["metadata"]["namespace"] === ns &&
        selects(
          { matchLabels: service["spec"]["selector"] },
          o["spec"]["template"]["metadata"]["labels"],
        ),
    );
    for (const port of service["spec"]["ports"] as {
      name?: string;
      port: number;
      targetPort?: string | number;
    }[]) {
      if (endpoint["port"] !== undefined && port.name !== endpoint["port"]) continue;
      for (const pod of pods) {
        const number = containerPort(pod, port.targetPort ?? port.port);
        if (number === undefined) continue;
        if (
          endpoint["targetPort"] !== undefined &&
          containerPort(pod, endpoint["targetPort"]) !== number
        )
          continue;
        targets.push(`${ns}/${pod["metadata"]["name"]}:${number}`);
      }
    }
  }
  return [...new Set(targets)];
}

interface Scrape {
  readonly monitor: string;
  readonly endpoint: RenderedObject;
  readonly targets: string[];
}

/** Every endpoint of every ServiceMonitor among `monitors`, with what it scrapes. */
function scrapes(monitors: RenderedObject[], objects: RenderedObject[]): Scrape[] {
  return monitors.flatMap((m) =>
    (m["spec"]["endpoints"] as RenderedObject[]).map((endpoint) => ({
      monitor: `${m["metadata"]["namespace"]}/${m["metadata"]["name"]}`,
      endpoint,
      targets: scraped(m, endpoint, objects),
    })),
  );
}

const isMonitor = (o: RenderedObject): boolean => o["kind"] === "ServiceMonitor";

/**
 * The checks every setup must pass: no endpoint scrapes nothing, no target is scraped twice,
 * and each expected target is scraped once.
 */
function assertOnePerTarget(all: Scrape[], expected: string[]): void {
  for (const s of all) {
    assert.ok(
      s.targets.length > 0,
      `${s.monitor} endpoint ${JSON.stringify(s.endpoint)} scrapes nothing the charts render`,
    );
  }
  const counts = new Map<string, string[]>();
  for (const s of all) {
    for (const t of s.targets) counts.set(t, [...(counts.get(t) ?? []), s.monitor]);
  }
  for (const [target, by] of counts) {
    assert.equal(by.length, 1, `${target} is scraped by ${by.join(" and ")}`);
  }
  assert.deepEqual([...counts.keys()].sort(), [...expected].sort());
}

/**
 * cert-manager's certificate metrics carry the Certificate's `name` and `namespace` (v1.21.1
 * `internal/collectors/certificate_collector.go`). Without honorLabels Prometheus renames the
 * metric's `namespace` to `exported_namespace` and sets cert-manager's own; a relabeling that
 * writes `namespace` would overwrite it too.
 */
function assertKeepsNamespace(s: Scrape): void {
  assert.equal(s.endpoint["honorLabels"], true, `${s.monitor} must honour the metrics' labels`);
  for (const key of ["relabelings", "metricRelabelings"]) {
    for (const r of (s.endpoint[key] ?? []) as RenderedObject[]) {
      assert.notEqual(r["targetLabel"], "namespace", `${s.monitor} ${key} rewrites namespace`);
      assert.ok(
        !(
          ["labeldrop", "labelkeep"].includes(String(r["action"]).toLowerCase()) &&
          new RegExp(`^(?:${r["regex"]})$`).test("namespace") ===
            (String(r["action"]).toLowerCase() === "labeldrop")
        ),
        `${s.monitor} ${key} drops namespace`,
      );
    }
  }
}

interface Release {
  readonly chartDir: string;
  readonly values: unknown;
  readonly namespace: string;
  readonly releaseName: string;
}

function release(resource: string, chartDir: string): Release {
  const inputs = inputsOf(engine, resource);
  return {
    chartDir,
    values: inputs["values"],
    namespace: inputs["namespace"] as string,
    releaseName: inputs["name"] as string,
  };
}

function renderAll(helm: string, releases: Release[], apiVersions: string[]): RenderedObject[] {
  return releases.flatMap((r) =>
    helmTemplate(helm, r.chartDir, r.values, {
      namespace: r.namespace,
      releaseName: r.releaseName,
      apiVersions,
    }),
  );
}

/** The cert-manager controller's metrics port and Traefik's, as the charts render them. */
const CERT_MANAGER_CONTROLLER = "cert-manager/cert-manager:9402";

describe("ServiceMonitors against what the charts really render", { timeout: 300_000 }, () => {
  let program: typeof import("../../stacks/program.js");
  let config: typeof import("../../stacks/config.js");
  let run: typeof import("../../cli/offline/run.js");
  let components: typeof import("../../components/index.js");
  before(async () => {
    program = await import("../../stacks/program.js");
    config = await import("../../stacks/config.js");
    run = await import("../../cli/offline/run.js");
    components = await import("../../components/index.js");
  });

  async function stack(name: string) {
    engine.reset();
    const raw = run.readStackConfig(`stacks/Pulumi.${name}.yaml`, config.PROJECT);
    const parsed = config.parseStackConfig(name, raw.config, raw.secretKeys);
    program.program(parsed);
    await settle();
    return {
      monitoring: parsed.monitoring.enabled,
      releases: [
        release("cert-manager-release", UPSTREAM_CHARTS.certManager),
        release("edge-release", UPSTREAM_CHARTS.traefik),
      ],
      ours: kubernetesObjects(engine).filter(isMonitor) as RenderedObject[],
    };
  }

  it("dev: installs without the Prometheus Operator and makes no ServiceMonitor", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    const dev = await stack("dev");
    assert.equal(dev.monitoring, false);
    const objects = renderAll(helm, dev.releases, PLAIN_API_VERSIONS);
    assert.deepEqual([...objects.filter(isMonitor), ...dev.ours], []);
  });

  for (const name of ["staging", "prod"]) {
    it(`${name}: one ServiceMonitor per target, on ports the charts render, keeping namespace`, async (t) => {
      const helm = requireHelm(t);
      if (!helm) return;
      const s = await stack(name);
      assert.equal(s.monitoring, true);
      const objects = renderAll(helm, s.releases, [...MONITORING_API_VERSIONS]);
      const all = scrapes([...objects.filter(isMonitor), ...s.ours], objects);
      assertOnePerTarget(all, [
        CERT_MANAGER_CONTROLLER,
        "cert-manager/cert-manager-webhook:9402",
        "cert-manager/cert-manager-cainjector:9402",
        "traefik/traefik:9100",
      ]);
      for (const scrape of all.filter((a) => a.targets.includes(CERT_MANAGER_CONTROLLER)))
        assertKeepsNamespace(scrape);
    });
  }

  it("CertificateAlerts' own monitors, with the charts' off: one per target, keeping namespace", async (t) => {
    const helm = requireHelm(t);
    if (!helm) return;
    engine.reset();
    const certManager = new components.CertManager("cm");
    const issuer = new components.InternalCa("ca", { certManager });
    const edge = new components.IngressController("edge", {
      controller: "traefik",
      serviceMonitor: false,
      defaultCertificate: { issuer, dnsNames: ["edge.example.com"] },
    });
    new components.CertificateAlerts("alerts", { ingressController: edge });
    await settle();
    const objects = renderAll(
      helm,
      [
        release("cm-release", UPSTREAM_CHARTS.certManager),
        release("edge-release", UPSTREAM_CHARTS.traefik),
      ],
      [...MONITORING_API_VERSIONS],
    );
    assert.deepEqual(objects.filter(isMonitor), [], "the charts make no ServiceMonitor here");
    const ours = kubernetesObjects(engine).filter(isMonitor) as RenderedObject[];
    assert.equal(ours.length, 2);
    const all = scrapes(ours, objects);
    assertOnePerTarget(all, [CERT_MANAGER_CONTROLLER, "traefik/traefik:9100"]);
    for (const scrape of all.filter((a) => a.targets.includes(CERT_MANAGER_CONTROLLER)))
      assertKeepsNamespace(scrape);
  });
});
