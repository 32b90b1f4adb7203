/**
 * Kubernetes objects out of recorded resources: every `kubernetes:<group/version>:<Kind>`
 * resource that is an object in the cluster (not a Helm release, a provider or a YAML group).
 */
import type { RecordedResource } from "./engine";
import { maskValue, revealValue } from "./engine-wire";

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
 * receive (for schema checks in tests); `mask` replaces secrets with `[secret]` (for output).
 */
export function toKubernetesObject(
  resource: RecordedResource,
  mode: "reveal" | "mask" = "reveal",
): KubernetesObject {
  const typeInfo = kubernetesTypeOf(resource.type);
  if (!typeInfo) throw new Error(`${resource.type} is not a Kubernetes object type`);
  const values = (mode === "reveal" ? revealValue : maskValue)(resource.inputs);
  const rest = { ...(values as Record<string, unknown>) };
  delete rest["apiVersion"];
  delete rest["kind"];
  return { apiVersion: typeInfo.apiVersion, kind: typeInfo.kind, ...rest } as KubernetesObject;
}
