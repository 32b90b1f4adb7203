/**
 * Kubernetes objects out of recorded resources: every `kubernetes:<group/version>:<Kind>`
 * resource that is an object in the cluster (not a Helm release, a provider or a YAML group).
 */
import type { RecordedResource } from "./engine";
import { MASKED, maskValue, revealValue, UNKNOWN_TEXT } from "./engine-wire";

/** Resource types under `kubernetes:` that are not themselves cluster objects. */
const NOT_OBJECTS = new Set([
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml:ConfigFile",
  "kubernetes:yaml:ConfigGroup",
  "kubernetes:kustomize/v2:Directory",
]);

export interface KubernetesObject {
  apiVersion: string;
  kind: string;
  metadata?: { name?: string; namespace?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** `kubernetes:core/v1:Secret` → `{apiVersion: "v1", kind: "Secret"}`; undefined for others. */
export function kubernetesTypeOf(type: string): { apiVersion: string; kind: string } | undefined {
  if (!type.startsWith("kubernetes:") || NOT_OBJECTS.has(type)) return undefined;
  const [, groupVersion, kind] = type.split(":");
  if (!groupVersion || !kind || !groupVersion.includes("/")) return undefined;
  const apiVersion = groupVersion.startsWith("core/") ? groupVersion.slice(5) : groupVersion;
  return { apiVersion, kind };
}

/** True when a recorded resource is a Kubernetes object. */
export function isKubernetesObject(resource: RecordedResource): boolean {
  return resource.custom && kubernetesTypeOf(resource.type) !== undefined;
}

/**
 * The object a recorded resource would apply. `reveal` gives the values the API server would
 * receive (for schema checks in tests); `mask` replaces secrets with `[secret]` and values known
 * only after deployment with a marker, at the leaf (for output). `placeholders`: the strings that
 * stand for values known only after deployment (`RecordingEngine.placeholdersFor`).
 */
export function toKubernetesObject(
  resource: RecordedResource,
  mode: "reveal" | "mask" = "reveal",
  placeholders: ReadonlySet<string> = new Set(),
): KubernetesObject {
  const typeInfo = kubernetesTypeOf(resource.type);
  if (!typeInfo) throw new Error(`${resource.type} is not a Kubernetes object type`);
  const values =
    mode === "reveal" ? revealValue(resource.inputs) : maskValue(resource.inputs, placeholders);
  const rest = { ...(values as Record<string, unknown>) };
  delete rest["apiVersion"];
  delete rest["kind"];
  const secret = typeInfo.apiVersion === "v1" && typeInfo.kind === "Secret";
  if (mode === "mask" && secret && rest["data"] !== undefined) {
    rest["data"] = base64Markers(rest["data"]);
  }
  return { apiVersion: typeInfo.apiVersion, kind: typeInfo.kind, ...rest } as KubernetesObject;
}

/**
 * A Secret's `data` holds base64 (the API server refuses anything else): a marker standing for
 * a masked or unknown value is written base64-encoded, so the manifest still applies.
 */
function base64Markers(data: unknown): unknown {
  if (data === null || typeof data !== "object" || Array.isArray(data)) return data;
  return Object.fromEntries(
    Object.entries(data).map(([k, v]) => [
      k,
      v === MASKED || v === UNKNOWN_TEXT ? Buffer.from(v).toString("base64") : v,
    ]),
  );
}
