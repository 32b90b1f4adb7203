/**
 * The Kubernetes objects a stack's state says the engine applied, from `pulumi stack export
 * --show-secrets`: each resource's inputs, secrets in plain text, as the API server got them.
 */
import { revealed, type KubeObject } from "../engine/engine";
import type { KubeClient } from "./control-plane";

interface Exported {
  deployment: {
    resources: Array<{
      urn: string;
      type: string;
      parent?: string;
      external?: boolean;
      inputs: Record<string, unknown>;
    }>;
  };
}

/** The objects of an exported state, in state order, without what no program applied itself. */
export async function appliedObjects(
  exportJson: string,
  client: KubeClient,
): Promise<KubeObject[]> {
  const { resources } = (JSON.parse(exportJson) as Exported).deployment;
  const applied: KubeObject[] = [];
  // The Gateway API release's files (its CRDs and safe-upgrade admission policy) come through a
  // ConfigGroup; the render shows the group's source, not its objects.
  const groups = new Set(
    resources.filter((r) => r.type === "kubernetes:yaml/v2:ConfigGroup").map((r) => r.urn),
  );
  for (const r of resources) {
    if (!r.type.startsWith("kubernetes:") || r.type === "kubernetes:helm.sh/v3:Release") continue;
    if (groups.has(r.urn) || (r.parent !== undefined && groups.has(r.parent))) continue;
    // Objects the stack reads (the namespaces other systems own) it does not apply.
    if (r.external) continue;
    const o = revealed(r.inputs) as KubeObject;
    // A kind whose CRD the same update installs (a chart's) is unknown to the provider at
    // preview, which then records the default namespace even for a cluster-scoped one; the API
    // server keeps it cluster-scoped.
    if (!(await client.isNamespaced(o.apiVersion, o.kind))) delete o.metadata.namespace;
    applied.push(o);
  }
  return applied;
}
