/**
 * Strict schema check: validates a Kubernetes object against the published schema of its kind
 * (Kubernetes core, cert-manager, Istio, Gateway API, Prometheus Operator, Linkerd, Traefik) and rejects
 * fields the schema does not define, as an API server with strict field validation does.
 *
 * The schemas come compiled into the kubernetes-models packages, which are generated from the
 * upstream OpenAPI documents and CRDs. Those validators check the fields they know but let
 * unknown ones through, so the object is handed to them behind a proxy that records which
 * fields each validator read: a field that no validator read is unknown to the schema. Maps
 * (labels, annotations, data) are read by iterating, which marks all their keys as allowed.
 */
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { linkerdValidator } from "./linkerd-schemas";
import { upstreamCrdValidator } from "./upstream-crds";
import type { KubernetesObject } from "../../cli/offline/objects";
import { MASKED, UNKNOWN_TEXT } from "../../cli/offline/engine-wire";

type Validate = (this: unknown) => void;

interface Tracked {
  path: string;
  value: object;
  read: Set<string>;
  iterated: boolean;
  proxy: object;
}

const require = createRequire(__filename);

/** apiVersion group → the package that holds its models. */
function packageFor(group: string): string | undefined {
  if (group === "" || group.endsWith(".k8s.io") || !group.includes(".")) {
    if (group.startsWith("gateway.networking")) return "@kubernetes-models/gateway-api";
    return "kubernetes-models";
  }
  if (group.endsWith("cert-manager.io")) return "@kubernetes-models/cert-manager";
  if (group.endsWith("istio.io")) return "@kubernetes-models/istio";
  if (group === "monitoring.coreos.com") return "@kubernetes-models/prometheus-operator";
  return undefined;
}

const cache = new Map<string, Promise<Validate | undefined>>();

function loadValidator(apiVersion: string, kind: string): Promise<Validate | undefined> {
  const key = `${apiVersion}/${kind}`;
  let found = cache.get(key);
  if (!found) {
    found = findValidator(apiVersion, kind);
    cache.set(key, found);
  }
  return found;
}

async function findValidator(apiVersion: string, kind: string): Promise<Validate | undefined> {
  const linkerd = linkerdValidator(apiVersion, kind);
  if (linkerd) return linkerd;
  // Traefik's CRDs have no kubernetes-models package: read them from the chart in place.
  if (apiVersion.startsWith("traefik.io/")) return upstreamCrdValidator(apiVersion, kind);
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  const pkg = packageFor(group!);
  if (!pkg) return undefined;
  const sub = group === "" ? `${version}/${kind}` : `${group}/${version}/${kind}`;
  // The model packages are ESM-only with an exports map; resolve through their folder.
  let file: string;
  try {
    file = join(dirname(require.resolve(`${pkg}/package.json`)), `${sub}.js`);
  } catch {
    return undefined;
  }
  if (!existsSync(file)) return undefined;
  const mod = (await import(pathToFileURL(file).href)) as Record<
    string,
    { prototype: { validate: Validate } }
  >;
  const model = mod[kind];
  return model?.prototype.validate;
}

function track(value: unknown, path: string, seen: Map<object, Tracked>): unknown {
  if (value === null || typeof value !== "object") return value;
  const existing = seen.get(value);
  if (existing) return existing.proxy;
  const rec: Tracked = { path, value, read: new Set(), iterated: false, proxy: value };
  seen.set(value, rec);
  rec.proxy = new Proxy(value, {
    get(target, key, receiver) {
      const v: unknown = Reflect.get(target, key, receiver);
      if (typeof key === "string" && Object.prototype.hasOwnProperty.call(target, key)) {
        rec.read.add(key);
        return track(v, `${path}.${key}`, seen);
      }
      return v;
    },
    has(target, key) {
      if (typeof key === "string") rec.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      rec.iterated = true;
      return Reflect.ownKeys(target);
    },
  });
  return rec.proxy;
}

function describeAjvError(err: {
  instancePath?: string;
  message?: string;
  params?: unknown;
}): string {
  const at = (err.instancePath ?? "").replace(/^\//, "").replace(/\//g, ".") || "(root)";
  return `${at}: ${err.message ?? "invalid"} ${err.params ? JSON.stringify(err.params) : ""}`.trim();
}

function isUnknownAt(root: unknown, pointer: string): boolean {
  let value: unknown = root;
  for (const part of pointer.split("/").slice(1)) {
    if (value === null || typeof value !== "object") return false;
    value = (value as Record<string, unknown>)[part.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return value === UNKNOWN_TEXT || value === MASKED;
}

/** Problems with one object; empty when it passes. */
export async function schemaProblems(obj: KubernetesObject): Promise<string[]> {
  const name = `${obj.kind}/${obj.metadata?.name ?? "(unnamed)"}`;
  const validate = await loadValidator(obj.apiVersion, obj.kind);
  if (!validate) return [`${name}: no published schema known for ${obj.apiVersion} ${obj.kind}`];
  const copy = JSON.parse(JSON.stringify(obj)) as object;
  const seen = new Map<object, Tracked>();
  const problems: string[] = [];
  try {
    validate.call(track(copy, "", seen));
  } catch (err) {
    type AjvError = { instancePath?: string; message?: string; params?: unknown };
    const details = (err as { errors?: AjvError[] }).errors;
    // In rendered output a value known only after deployment, or a secret whose whole value is
    // masked, stands as a marker string that cannot be typed; skip those.
    const typed = (details ?? []).filter((d) => !isUnknownAt(copy, d.instancePath ?? ""));
    if (details?.length) problems.push(...typed.map((d) => `${name}: ${describeAjvError(d)}`));
    else problems.push(`${name}: ${(err as Error).message}`);
  }
  for (const rec of seen.values()) {
    if (Array.isArray(rec.value) || rec.iterated) continue;
    for (const key of Object.keys(rec.value)) {
      if (!rec.read.has(key))
        problems.push(`${name}: unknown field ${`${rec.path}.${key}`.slice(1)}`);
    }
  }
  return problems;
}

/** Throws one error listing every problem across the objects. */
export async function assertSchemaValid(objects: readonly KubernetesObject[]): Promise<void> {
  const problems = (await Promise.all(objects.map(schemaProblems))).flat();
  if (problems.length > 0) {
    throw new Error(`schema check failed:\n  ${problems.join("\n  ")}`);
  }
}
