/**
 * The upstream CustomResourceDefinitions the stacks' objects need, read in place from
 * ../shared/upstream, installed into a test control plane with server-side apply.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { UPSTREAM } from "../helpers/helm";
import { statusMessage, until, type KubeClient, type KubeObject } from "./control-plane";

const yamlIn = (dir: string, keep: (file: string) => boolean = () => true) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yaml") && keep(f))
    .sort()
    .map((f) => join(dir, f));

/**
 * What each project installs before our objects can exist: cert-manager's CRDs (its chart's
 * `crds.enabled`), Gateway API standard channel, Traefik's own traefik.io CRDs (its chart's
 * crds/; the hub.traefik.io ones belong to Traefik Hub), the Prometheus Operator's monitoring
 * CRDs and Istio's.
 */
export function upstreamCrdFiles(): string[] {
  return [
    ...certManagerCrdFiles(),
    ...yamlIn(join(UPSTREAM, "gateway-api-v1.5.1/config/crd/standard")),
    ...traefikCrdFiles(),
    ...yamlIn(join(UPSTREAM, "prometheus-operator-v0.93.0/example/prometheus-operator-crd")),
    join(UPSTREAM, "istio-api-v1.30.3/kubernetes/customresourcedefinitions.gen.yaml"),
  ];
}

/** cert-manager's six CRDs, as its chart installs them with `crds.enabled`. */
export function certManagerCrdFiles(): string[] {
  return yamlIn(join(UPSTREAM, "cert-manager-v1.21.1/deploy/crds"));
}

/** Traefik's traefik.io CRDs, as its chart installs them from crds/. */
export function traefikCrdFiles(): string[] {
  return yamlIn(join(UPSTREAM, "traefik-helm-chart-v41.3.0/traefik/crds"), (f) =>
    f.startsWith("traefik.io_"),
  );
}

/** The CustomResourceDefinition documents of these files (other documents are left out). */
export function readCrds(files: readonly string[]): KubeObject[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, "utf8"))
      .map((d) => d.toJS() as KubeObject | null)
      .filter((o): o is KubeObject => o?.["kind"] === "CustomResourceDefinition"),
  );
}

/**
 * Applies the CRDs, then waits (bounded) until each is Established and every version it serves
 * is in discovery, which is when objects of that kind can be applied.
 */
export async function installCrds(client: KubeClient, crds: readonly KubeObject[]): Promise<void> {
  const refused: string[] = [];
  for (const crd of crds) {
    const res = await client.apply(crd);
    if (res.status >= 300) refused.push(`${crd["metadata"]["name"]}: ${statusMessage(res)}`);
  }
  if (refused.length) throw new Error(`CRDs refused:\n${refused.join("\n")}`);
  for (const crd of crds) {
    const name = crd["metadata"]["name"] as string;
    const path = `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`;
    const established = async () => {
      const conditions = ((await client.get(path))["status"]?.["conditions"] ?? []) as KubeObject[];
      return conditions.some((c) => c["type"] === "Established" && c["status"] === "True");
    };
    const group = crd["spec"]["group"] as string;
    const kind = crd["spec"]["names"]["kind"] as string;
    const served = (crd["spec"]["versions"] as KubeObject[]).filter((v) => v["served"]);
    const discovered = async () => {
      for (const v of served)
        if (!(await client.serves(`${group}/${v["name"]}`, kind))) return false;
      return true;
    };
    await until(`CRD ${name} Established`, established);
    await until(`CRD ${name} in discovery`, discovered);
  }
}
