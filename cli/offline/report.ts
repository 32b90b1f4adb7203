/**
 * What `tls-edge render` writes, computed from a recorded run: Kubernetes objects in dependency
 * order with secrets masked, the resource list, a Mermaid graph and a summary.
 */
import { stringify } from "yaml";
import { acmeEnvironment } from "../../components/known";
import type { RecordedResource, RecordingEngine } from "./engine";
import { maskValue, revealValue } from "./engine-wire";
import { isKubernetesObject, toKubernetesObject, type KubernetesObject } from "./objects";

const STACK_TYPE = "pulumi:pulumi:Stack";

/** Resources in an order where every resource comes after what it depends on. */
export function dependencyOrder(resources: readonly RecordedResource[]): RecordedResource[] {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  const index = new Map(resources.map((r, i) => [r.urn, i]));
  const done = new Set<string>();
  const visiting = new Set<string>();
  const out: RecordedResource[] = [];
  // Kubernetes applies namespaces and CRD-less basics first; the engine orders by dependencies.
  const visit = (r: RecordedResource): void => {
    if (done.has(r.urn) || visiting.has(r.urn)) return;
    visiting.add(r.urn);
    const deps = [...r.dependencies]
      .map((urn) => byUrn.get(urn))
      .filter((d): d is RecordedResource => d !== undefined)
      .sort((a, b) => index.get(a.urn)! - index.get(b.urn)!);
    for (const d of deps) visit(d);
    visiting.delete(r.urn);
    done.add(r.urn);
    out.push(r);
  };
  const namespacesFirst = [...resources].sort((a, b) => {
    const an = a.type === "kubernetes:core/v1:Namespace" ? 0 : 1;
    const bn = b.type === "kubernetes:core/v1:Namespace" ? 0 : 1;
    return an - bn || index.get(a.urn)! - index.get(b.urn)!;
  });
  for (const r of namespacesFirst) visit(r);
  return out;
}

/** Every Kubernetes object, in dependency order, secrets masked. */
export function maskedObjects(engine: RecordingEngine): KubernetesObject[] {
  return dependencyOrder(engine.resources)
    .filter(isKubernetesObject)
    .map((r) => toKubernetesObject(r, "mask", engine.placeholdersFor(r)));
}

/** Multi-document YAML of the objects. */
export function manifestsYaml(objects: readonly KubernetesObject[]): string {
  return objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
}

/** Name of a resource's parent, or null for resources directly under the stack. */
function parentName(engine: RecordingEngine, r: RecordedResource): string | null {
  if (!r.parent) return null;
  const parent = engine.resources.find((p) => p.urn === r.parent);
  return parent && parent.type !== STACK_TYPE ? parent.name : null;
}

export interface ResourceEntry {
  type: string;
  name: string;
  parent: string | null;
  inputs: unknown;
}

/** The resource list, `{type, name, parent, inputs}`, masked as in the manifests. */
export function resourceEntries(engine: RecordingEngine): ResourceEntry[] {
  return engine.resources
    .filter((r) => r.type !== STACK_TYPE)
    .map((r) => ({
      type: r.type,
      name: r.name,
      parent: parentName(engine, r),
      inputs: maskValue(r.inputs, engine.placeholdersFor(r)),
    }));
}

function mermaidId(i: number): string {
  return `r${i}`;
}

function mermaidLabel(r: RecordedResource): string {
  const short = r.type.replace(/^kubernetes:/, "").replace(/^tls-edge:/, "");
  return `${short}<br/>${r.name}`.replace(/"/g, "'");
}

/** A Mermaid flowchart: components as boxes, edges from each resource to what it creates. */
export function mermaidGraph(engine: RecordingEngine): string {
  const resources = engine.resources.filter((r) => r.type !== STACK_TYPE);
  const ids = new Map(resources.map((r, i) => [r.urn, mermaidId(i)]));
  const lines = ["flowchart LR"];
  for (const r of resources) {
    const shape = r.custom ? [`["`, `"]`] : [`(["`, `"])`];
    lines.push(`  ${ids.get(r.urn)}${shape[0]}${mermaidLabel(r)}${shape[1]}`);
  }
  for (const r of resources) {
    const parent = r.parent ? ids.get(r.parent) : undefined;
    if (parent) lines.push(`  ${parent} --> ${ids.get(r.urn)}`);
  }
  for (const r of resources) {
    for (const dep of r.dependencies) {
      const from = ids.get(dep);
      if (from && dep !== r.parent) lines.push(`  ${from} -.-> ${ids.get(r.urn)}`);
    }
  }
  lines.push("  classDef component fill:#eef,stroke:#336;");
  const components = resources.filter((r) => !r.custom).map((r) => ids.get(r.urn));
  if (components.length) lines.push(`  class ${components.join(",")} component;`);
  return `${lines.join("\n")}\n`;
}

export interface IssuerSummary {
  kind: string;
  name: string;
  namespace?: string;
  type: string;
  environment: string;
  server?: string;
}

export interface Summary {
  objectsByKind: Record<string, number>;
  issuers: IssuerSummary[];
  hosts: string[];
  helmReleases: Array<{ name: string; chart: string; version: string }>;
  resources: number;
}

function issuerType(spec: Record<string, unknown>): string {
  for (const t of ["acme", "ca", "selfSigned", "vault", "venafi"]) if (spec[t]) return t;
  return "unknown";
}

/** The summary `render` prints. */
export function summarize(engine: RecordingEngine): Summary {
  const objects = engine.resources.filter(isKubernetesObject).map((r) => toKubernetesObject(r));
  const objectsByKind: Record<string, number> = {};
  for (const o of objects) objectsByKind[o.kind] = (objectsByKind[o.kind] ?? 0) + 1;
  const issuers: IssuerSummary[] = objects
    .filter((o) => o.apiVersion === "cert-manager.io/v1" && /^(Cluster)?Issuer$/.test(o.kind))
    .map((o) => {
      const spec = (o["spec"] ?? {}) as Record<string, unknown>;
      const type = issuerType(spec);
      const server = (spec["acme"] as { server?: string } | undefined)?.server;
      return {
        kind: o.kind,
        name: o.metadata?.name ?? "",
        ...(o.metadata?.namespace ? { namespace: o.metadata.namespace } : {}),
        type,
        environment:
          type === "acme" && typeof server === "string" ? acmeEnvironment(server) : "internal",
        ...(server ? { server } : {}),
      };
    });
  const hosts = new Set<string>();
  for (const o of objects) {
    const spec = (o["spec"] ?? {}) as Record<string, unknown>;
    if (o.kind === "Ingress") {
      for (const rule of (spec["rules"] as Array<{ host?: string }> | undefined) ?? []) {
        if (rule.host) hosts.add(rule.host);
      }
    }
    if (o.kind === "Gateway") {
      for (const l of (spec["listeners"] as Array<{ hostname?: string }> | undefined) ?? []) {
        if (l.hostname) hosts.add(l.hostname);
      }
    }
    if (o.kind === "IngressRoute") {
      for (const r of (spec["routes"] as Array<{ match?: string }> | undefined) ?? []) {
        for (const m of (r.match ?? "").matchAll(/Host\(`([^`]+)`\)/g)) hosts.add(m[1]!);
      }
    }
    if (o.kind === "HTTPRoute" || o.kind === "TLSRoute") {
      for (const h of (spec["hostnames"] as string[] | undefined) ?? []) hosts.add(h);
    }
  }
  const helmReleases = engine.ofType("kubernetes:helm.sh/v3:Release").map((r) => {
    const inputs = revealValue(r.inputs) as { chart?: string; version?: string };
    return {
      name: r.name,
      chart: String(inputs.chart ?? ""),
      version: String(inputs.version ?? ""),
    };
  });
  return {
    objectsByKind,
    issuers,
    hosts: [...hosts].sort(),
    helmReleases,
    resources: engine.resources.filter((r) => r.type !== STACK_TYPE).length,
  };
}

/** The summary as the few lines a person reads. */
export function formatSummary(stack: string, outDir: string, summary: Summary): string {
  const kinds = Object.entries(summary.objectsByKind)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${n}`)
    .join(", ");
  const lines = [
    `Rendered stack ${stack} to ${outDir} (${summary.resources} resources).`,
    `  objects:  ${kinds || "none"}`,
  ];
  if (summary.helmReleases.length) {
    const charts = summary.helmReleases.map((h) => `${h.chart} ${h.version}`).join(", ");
    lines.push(`  charts:   ${charts}`);
  }
  if (summary.issuers.length) {
    lines.push("  issuers:");
    for (const i of summary.issuers) {
      const where = i.namespace ? ` (namespace ${i.namespace})` : "";
      lines.push(`    ${i.kind} ${i.name}${where}: ${i.type}, ${i.environment}`);
    }
  } else {
    lines.push("  issuers:  none");
  }
  lines.push(`  hosts:    ${summary.hosts.length ? summary.hosts.join(", ") : "none"}`);
  return lines.join("\n");
}
