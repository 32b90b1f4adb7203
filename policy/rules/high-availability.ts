/**
 * high-availability: in production, the ingress controller is not a single point of failure.
 * Controllers are recognised by chart name (Helm values) or by container image (Deployments and
 * DaemonSets, typed, raw or from YAML). A Deployment needs at least 2 replicas, pod anti-affinity
 * (or a hostname topology spread) and a PodDisruptionBudget; a DaemonSet runs on every node and
 * needs neither (the charts render no PDB for it).
 */
import type { PolicyResource, StackValidationPolicy } from "@pulumi/policy";
import type { ControllerKind } from "../../components/known";
import { controllerOfChart, controllerOfPodTemplate, HELM_TYPES, valueAt } from "../lib/charts";
import { kubeObject, labelsOf, selectorMatches, type KubeObject } from "../lib/kubernetes";
import { whenKnown, list, rec, str } from "../lib/read";
import { isProduction, productionStacksSchema, stackOfUrn } from "../lib/stack";

interface Shape {
  readonly daemonSet: boolean;
  readonly replicas: number;
  readonly antiAffinity: boolean;
  readonly pdb: boolean;
}

/** Where each chart keeps the settings, and its defaults. */
const CHART_SHAPE: Readonly<Record<ControllerKind, (values: unknown) => Shape>> = {
  "ingress-nginx": (values) => {
    const c = rec(valueAt(values, ["controller"]));
    const replicas = replicasOf(c, 1);
    // The chart renders its PDB whenever it runs more than one replica.
    return {
      daemonSet: c["kind"] === "DaemonSet",
      replicas,
      antiAffinity: spreads(c),
      pdb: replicas > 1,
    };
  },
  traefik: (values) => {
    const v = rec(values);
    const d = rec(v["deployment"]);
    const replicas =
      rec(v["autoscaling"])["enabled"] === true
        ? num(rec(v["autoscaling"])["minReplicas"], 1)
        : num(d["replicas"], 1);
    return {
      daemonSet: d["kind"] === "DaemonSet",
      replicas,
      antiAffinity: spreads(v),
      pdb: rec(v["podDisruptionBudget"])["enabled"] === true,
    };
  },
  haproxy: (values) => {
    const c = rec(valueAt(values, ["controller"]));
    return {
      daemonSet: c["kind"] === "DaemonSet",
      replicas: replicasOf(c, 2),
      antiAffinity: spreads(c),
      pdb: rec(c["PodDisruptionBudget"])["enable"] === true,
    };
  },
};

function num(value: unknown, fallback: number): number {
  return typeof value === "number" ? value : fallback;
}

function replicasOf(c: Record<string, unknown>, fallback: number): number {
  const autoscaling = rec(c["autoscaling"]);
  return autoscaling["enabled"] === true
    ? num(autoscaling["minReplicas"], 1)
    : num(c["replicaCount"], fallback);
}

/** Pod anti-affinity, or a topology spread over nodes, in a values block or a pod spec. */
function spreads(spec: Record<string, unknown>): boolean {
  const anti = rec(rec(spec["affinity"])["podAntiAffinity"]);
  if (Object.keys(anti).length > 0) return true;
  return list(spec["topologySpreadConstraints"]).some(
    (t) => rec(t)["topologyKey"] === "kubernetes.io/hostname",
  );
}

function missing(shape: Shape): string[] {
  if (shape.daemonSet) return [];
  const out: string[] = [];
  if (shape.replicas < 2) out.push(`${shape.replicas} replica(s), needs at least 2`);
  if (!shape.antiAffinity) out.push("no pod anti-affinity");
  if (!shape.pdb) out.push("no PodDisruptionBudget");
  return out;
}

const FIX: Readonly<Record<ControllerKind, string>> = {
  "ingress-nginx":
    "set controller.replicaCount: 2 (or autoscaling.minReplicas: 2) and controller.affinity.podAntiAffinity; the chart then renders a PDB",
  traefik:
    "set deployment.replicas: 2, affinity.podAntiAffinity and podDisruptionBudget.enabled: true",
  haproxy:
    "set controller.replicaCount: 2, controller.affinity.podAntiAffinity and controller.PodDisruptionBudget.enable: true",
};

export const highAvailability: StackValidationPolicy = {
  name: "high-availability",
  description:
    "In production, ingress controllers run 2+ replicas with anti-affinity and a PDB, or as a DaemonSet.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Run at least two replicas spread over nodes with a PodDisruptionBudget, or run the controller as a DaemonSet.",
  configSchema: { properties: { productionStacks: productionStacksSchema } },
  validateStack: (args, reportViolation) => {
    if (args.resources.length === 0) return;
    const { productionStacks } = args.getConfig<{ productionStacks: string[] }>();
    const stack = stackOfUrn(args.resources[0]!.urn);
    if (!isProduction(stack, args.stackTags, productionStacks)) return;
    const pdbs: KubeObject[] = [];
    const workloads: { r: PolicyResource; object: KubeObject }[] = [];
    for (const r of args.resources) {
      if (HELM_TYPES.has(r.type)) {
        whenKnown(
          () => {
            const controller = controllerOfChart(str(r.props["chart"]));
            if (!controller) return;
            const problems = missing(CHART_SHAPE[controller](r.props["values"]));
            if (problems.length > 0) {
              reportViolation(
                `Helm release ${r.name} installs ${controller} in production stack "${stack}" with ` +
                  `${problems.join(", ")}. Fix: ${FIX[controller]}, or run it as a DaemonSet.`,
                r.urn,
              );
            }
          },
          (m) => reportViolation(m, r.urn),
          `the replicas and disruption budget of Helm release ${r.name}`,
        );
        continue;
      }
      const object = kubeObject(r.type, r.props, r.name);
      if (!object) continue;
      if (object.group === "policy" && object.kind === "PodDisruptionBudget") pdbs.push(object);
      if (
        object.group === "apps" &&
        (object.kind === "Deployment" || object.kind === "DaemonSet")
      ) {
        workloads.push({ r, object });
      }
    }
    for (const { r, object } of workloads) {
      whenKnown(
        () => {
          const spec = rec(object.props["spec"]);
          const template = rec(spec["template"]);
          const controller = controllerOfPodTemplate(template);
          if (!controller) return;
          const labels = labelsOf(template["metadata"]);
          const shape: Shape = {
            daemonSet: object.kind === "DaemonSet",
            replicas: num(spec["replicas"], 1),
            antiAffinity: spreads(rec(template["spec"])),
            pdb: pdbs.some(
              (p) =>
                p.namespace === object.namespace &&
                selectorMatches(rec(p.props["spec"])["selector"], labels),
            ),
          };
          const problems = missing(shape);
          if (problems.length > 0) {
            reportViolation(
              `Deployment ${object.namespace}/${object.name} runs ${controller} in production stack ` +
                `"${stack}" with ${problems.join(", ")}. Fix: set spec.replicas >= 2, ` +
                `spec.template.spec.affinity.podAntiAffinity on the pod labels and add a ` +
                `PodDisruptionBudget selecting them, or run it as a DaemonSet.`,
              r.urn,
            );
          }
        },
        (m) => reportViolation(m, r.urn),
        `the replicas and disruption budget of ${object.kind} ${object.name}`,
      );
    }
  },
};
