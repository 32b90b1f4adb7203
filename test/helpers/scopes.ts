/**
 * Whether a kind is namespaced, as the API server will decide it: custom resources by the
 * `spec.scope` of their CRDs in ../shared/upstream (cert-manager, Gateway API, Istio, the
 * Prometheus Operator, Traefik), built-in kinds by Kubernetes' own declaration.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";
import { UPSTREAM } from "./helm";

/** Folders of upstream CRD manifests. */
const CRD_FOLDERS = [
  "cert-manager-v1.21.1/deploy/crds",
  "gateway-api-v1.5.1/config/crd/standard",
  "gateway-api-v1.5.1/config/crd/experimental",
  "istio-api-v1.30.3/kubernetes",
  "prometheus-operator-v0.93.0/example/prometheus-operator-crd",
  "traefik-helm-chart-v41.3.0/traefik/crds",
];

/**
 * Built-in kinds by API group ("" for core). Kubernetes marks its cluster-scoped types with
 * `+genclient:nonNamespaced` in k8s.io/api (v0.37: core/v1 Namespace, Node, PersistentVolume;
 * networking/v1 IngressClass; rbac/v1 ClusterRole, ClusterRoleBinding); every other type listed
 * here is namespaced. k8s.io/api has no copy in ../shared/upstream, so this is the one table kept
 * by hand; a kind found neither here nor in a CRD fails the caller instead of passing.
 */
const BUILT_IN: Readonly<Record<string, Readonly<Record<string, boolean>>>> = {
  "": {
    Namespace: false,
    Node: false,
    PersistentVolume: false,
    ConfigMap: true,
    Secret: true,
    Service: true,
    ServiceAccount: true,
    Pod: true,
  },
  apps: { Deployment: true, DaemonSet: true, StatefulSet: true },
  "networking.k8s.io": { Ingress: true, IngressClass: false, NetworkPolicy: true },
  "rbac.authorization.k8s.io": {
    Role: true,
    RoleBinding: true,
    ClusterRole: false,
    ClusterRoleBinding: false,
  },
  policy: { PodDisruptionBudget: true },
  autoscaling: { HorizontalPodAutoscaler: true },
  "apiextensions.k8s.io": { CustomResourceDefinition: false },
};

interface Crd {
  kind?: string;
  spec?: { group?: string; scope?: string; names?: { kind?: string } };
}

let crdScopes: Map<string, boolean> | undefined;

/** `<group>/<Kind>` → namespaced, from every upstream CRD. */
export function upstreamCrdScopes(): ReadonlyMap<string, boolean> {
  if (crdScopes) return crdScopes;
  crdScopes = new Map();
  for (const folder of CRD_FOLDERS) {
    const dir = join(UPSTREAM, folder);
    for (const file of readdirSync(dir).filter((f) => /\.ya?ml$/.test(f))) {
      for (const doc of parseAllDocuments(readFileSync(join(dir, file), "utf8"))) {
        const crd = doc.toJS() as Crd | null;
        if (crd?.kind !== "CustomResourceDefinition") continue;
        const { group, scope, names } = crd.spec ?? {};
        if (group && names?.kind && scope) {
          crdScopes.set(`${group}/${names.kind}`, scope === "Namespaced");
        }
      }
    }
  }
  return crdScopes;
}

/** Whether objects of this apiVersion and kind are namespaced; undefined for an unknown kind. */
export function isNamespaced(apiVersion: string, kind: string): boolean | undefined {
  const group = apiVersion.includes("/") ? apiVersion.split("/")[0]! : "";
  return BUILT_IN[group]?.[kind] ?? upstreamCrdScopes().get(`${group}/${kind}`);
}
