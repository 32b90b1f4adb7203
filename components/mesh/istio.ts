/**
 * The Istio side of `MeshMtls`: PeerAuthentications (security.istio.io/v1) mesh-wide and per
 * namespace, DestinationRules (networking.istio.io/v1) pinning ISTIO_MUTUAL, and application
 * namespaces labelled for sidecar injection.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 * @see https://istio.io/latest/docs/setup/additional-setup/sidecar-injection/
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import { SERVICE_HOST, type MeshNamespaceArgs } from "./mesh-mtls-args";
import type { MtlsMode } from "./types";

/** Name Istio gives a namespace-wide (or, in the root namespace, mesh-wide) policy. */
export const NAMESPACE_POLICY = "default";
/** Name of the workload policy holding `portLevelMtls`. */
export const PORT_POLICY = "tls-edge-ports";

export interface IstioPlan {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly mode: MtlsMode;
  readonly rootNamespace: string;
  readonly namespaces: readonly MeshNamespaceArgs[];
  readonly mutualTlsHosts: readonly string[];
}

function peerAuthentication(
  resourceName: string,
  metadata: { name: string; namespace: string },
  spec: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions,
): k8s.apiextensions.CustomResource {
  return new k8s.apiextensions.CustomResource(
    resourceName,
    { apiVersion: "security.istio.io/v1", kind: "PeerAuthentication", metadata, spec },
    opts,
  );
}

/** Registers the Istio objects; returns every child. */
export function istioResources(plan: IstioPlan): pulumi.Resource[] {
  const { name, parent } = plan;
  const out: pulumi.Resource[] = [];
  out.push(
    peerAuthentication(
      `${name}-mesh-peer-authentication`,
      { name: NAMESPACE_POLICY, namespace: plan.rootNamespace },
      { mtls: { mode: plan.mode } },
      { parent },
    ),
  );
  // The component owns these namespaces, so it creates them labelled rather than patching
  // someone else's object; the strict schema check and policies then see the label too.
  const created = new Map<string, k8s.core.v1.Namespace>();
  for (const ns of plan.namespaces) {
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace-${ns.name}`,
      { metadata: { name: ns.name, labels: { "istio-injection": "enabled" } } },
      { parent },
    );
    created.set(ns.name, namespace);
    const mode = ns.mode ?? plan.mode;
    out.push(
      namespace,
      peerAuthentication(
        `${name}-peer-authentication-${ns.name}`,
        { name: NAMESPACE_POLICY, namespace: ns.name },
        { mtls: { mode } },
        { parent, dependsOn: [namespace] },
      ),
    );
    if (ns.portLevelMtls && ns.selector) {
      const ports = Object.fromEntries(
        Object.entries(ns.portLevelMtls).map(([port, portMode]) => [port, { mode: portMode }]),
      );
      out.push(
        peerAuthentication(
          `${name}-port-peer-authentication-${ns.name}`,
          { name: PORT_POLICY, namespace: ns.name },
          { selector: { matchLabels: { ...ns.selector } }, mtls: { mode }, portLevelMtls: ports },
          { parent, dependsOn: [namespace] },
        ),
      );
    }
  }
  for (const host of plan.mutualTlsHosts) {
    // Validation guarantees the form: <service>.<namespace>.svc.cluster.local.
    const [, service, , namespace] = SERVICE_HOST.exec(host)!;
    const owner = created.get(namespace!);
    out.push(
      new k8s.apiextensions.CustomResource(
        `${name}-destination-rule-${host}`,
        {
          apiVersion: "networking.istio.io/v1",
          kind: "DestinationRule",
          metadata: { name: `${service}-mtls`, namespace },
          spec: { host, trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } } },
        },
        { parent, ...(owner ? { dependsOn: [owner] } : {}) },
      ),
    );
  }
  return out;
}
