/**
 * Recognising ingress controllers by Helm chart or container image, from the facts the
 * components install with (`components/known.ts`).
 */
import { CONTROLLERS, type ControllerKind } from "../../components/known";
import { list, rec, str } from "./read";

/** Helm resource types whose `values` policies can see. */
export const HELM_TYPES = new Set(["kubernetes:helm.sh/v3:Release", "kubernetes:helm.sh/v4:Chart"]);

/** The controller a chart reference names (`traefik`, `oci://.../traefik`, `repo/ingress-nginx`). */
export function controllerOfChart(chart: string | undefined): ControllerKind | undefined {
  if (!chart) return undefined;
  const base = chart
    .replace(/\/+$/, "")
    .split("/")
    .pop()!
    .replace(/\.tgz$/, "");
  const name = base.replace(/-\d+\.\d+\.\d+.*$/, "");
  for (const [kind, facts] of Object.entries(CONTROLLERS)) {
    if (name === facts.chart.chart) return kind as ControllerKind;
  }
  return undefined;
}

/** The controller a container image belongs to (tag and digest ignored). */
export function controllerOfImage(image: string | undefined): ControllerKind | undefined {
  if (!image) return undefined;
  const repo = image.split("@")[0]!.replace(/:[^/:]+$/, "");
  for (const [kind, facts] of Object.entries(CONTROLLERS)) {
    if (facts.images.includes(repo)) return kind as ControllerKind;
  }
  return undefined;
}

/** The controller a Deployment/DaemonSet pod template runs, if any. */
export function controllerOfPodTemplate(template: unknown): ControllerKind | undefined {
  for (const c of list(rec(rec(template)["spec"])["containers"])) {
    const kind = controllerOfImage(str(rec(c)["image"]));
    if (kind) return kind;
  }
  return undefined;
}

/** `values` of a Helm resource at a dotted path. */
export function valueAt(values: unknown, path: readonly string[]): unknown {
  let current: unknown = values;
  for (const key of path) current = rec(current)[key];
  return current;
}
