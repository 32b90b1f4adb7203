/**
 * Kubernetes objects as policies see them: typed resources, raw `CustomResource`s and the objects
 * `evaluate` decodes out of YAML groups all have the type `kubernetes:<group/version>:<Kind>`
 * and inputs shaped like the object itself.
 */
import { UnknownValueError } from "./unknowns";
import { isRecord, rec, str } from "./read";

/** Types under `kubernetes:` that are not cluster objects. */
const NOT_OBJECTS = new Set([
  "kubernetes:helm.sh/v3:Release",
  "kubernetes:helm.sh/v3:Chart",
  "kubernetes:helm.sh/v4:Chart",
  "kubernetes:yaml/v2:ConfigFile",
  "kubernetes:yaml/v2:ConfigGroup",
  "kubernetes:yaml:ConfigFile",
  "kubernetes:yaml:ConfigGroup",
  "kubernetes:kustomize/v2:Directory",
]);

export interface KubeObject {
  /** API group, "" for the core group. */
  readonly group: string;
  readonly kind: string;
  readonly name: string;
  /** `metadata.namespace`, or "default" when unset (the provider's default namespace). */
  readonly namespace: string;
  readonly props: Record<string, unknown>;
}

/** Group and kind of a `kubernetes:<group/version>:<Kind>` type; undefined for other types. */
export function kubeTypeOf(type: string): { group: string; kind: string } | undefined {
  if (!type.startsWith("kubernetes:") || NOT_OBJECTS.has(type)) return undefined;
  const colon = type.indexOf(":", 11);
  if (colon < 0) return undefined;
  const groupVersion = type.slice(11, colon);
  const slash = groupVersion.indexOf("/");
  if (slash < 0) return undefined;
  const group = groupVersion.slice(0, slash);
  return { group: group === "core" ? "" : group, kind: type.slice(colon + 1) };
}

function metadataField(props: Record<string, unknown>, field: string): string | undefined {
  try {
    return str(rec(props["metadata"])[field]);
  } catch (err) {
    // An auto-named object: the provider picks the name; the resource name stands in for it.
    if (err instanceof UnknownValueError) return undefined;
    throw err;
  }
}

/** The object behind a resource, or undefined when the resource is not a Kubernetes object. */
export function kubeObject(
  type: string,
  props: Record<string, unknown>,
  resourceName: string,
): KubeObject | undefined {
  const t = kubeTypeOf(type);
  if (!t) return undefined;
  // Name and namespace are read on demand: most rules only look at group and kind.
  return {
    group: t.group,
    kind: t.kind,
    get name() {
      return metadataField(props, "name") ?? resourceName;
    },
    get namespace() {
      return metadataField(props, "namespace") ?? "default";
    },
    props,
  };
}

/** True when the type is `kind` in `group` (any version). */
export function isKind(type: string, group: string, kind: string): boolean {
  const t = kubeTypeOf(type);
  return t !== undefined && t.group === group && t.kind === kind;
}

/** `metadata.annotations` as a record (empty when there are none). */
export function annotationsOf(props: Record<string, unknown>): Record<string, unknown> {
  return rec(rec(props["metadata"])["annotations"]);
}

/** `metadata.labels` as a record. */
export function labelsOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? rec(value["labels"]) : {};
}

/** True when every `matchLabels` pair of a selector is in `labels`. */
export function selectorMatches(selector: unknown, labels: Record<string, unknown>): boolean {
  const match = rec(rec(selector)["matchLabels"]);
  const keys = Object.keys(match);
  return keys.length > 0 && keys.every((k) => labels[k] === match[k]);
}
