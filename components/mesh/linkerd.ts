/**
 * The Linkerd side of `MeshMtls`: application namespaces annotated for proxy injection with a
 * default inbound policy, and per port a Server (policy.linkerd.io/v1beta3) that only the
 * ingress controller's mTLS identity may reach (MeshTLSAuthentication and AuthorizationPolicy,
 * policy.linkerd.io/v1alpha1).
 * @see https://linkerd.io/2/reference/authorization-policy/
 * @see https://linkerd.io/2/features/server-policy/
 */
import * as k8s from "@pulumi/kubernetes";
import type * as pulumi from "@pulumi/pulumi";
import type { MeshNamespaceArgs } from "./mesh-mtls-args";
import type { MtlsMode } from "./types";

/** Name of the MeshTLSAuthentication naming the ingress controller's identity. */
export const INGRESS_IDENTITY = "ingress-controller";

/** `config.linkerd.io/default-inbound-policy` per mode: meshed (mTLS) clients only, or any. */
export const DEFAULT_INBOUND_POLICY: Readonly<Record<MtlsMode, string>> = {
  STRICT: "all-authenticated",
  PERMISSIVE: "all-unauthenticated",
};

/**
 * A Server's `accessPolicy` for traffic no AuthorizationPolicy matches: nothing under STRICT;
 * anything while migrating, so the same objects flip to STRICT by one field.
 */
export const SERVER_ACCESS_POLICY: Readonly<Record<MtlsMode, string>> = {
  STRICT: "deny",
  PERMISSIVE: "all-unauthenticated",
};

export interface LinkerdPlan {
  readonly name: string;
  readonly parent: pulumi.Resource;
  readonly mode: MtlsMode;
  readonly namespaces: readonly MeshNamespaceArgs[];
  /** The ingress controller's ServiceAccount, when there is a controller. */
  readonly ingressIdentity?: { readonly name: string; readonly namespace: string };
}

/** Name of the Server (and its AuthorizationPolicy) for one port. */
export function serverName(port: number): string {
  return `ingress-${port}`;
}

/** Registers the Linkerd objects; returns every child. */
export function linkerdResources(plan: LinkerdPlan): pulumi.Resource[] {
  const { name, parent } = plan;
  const out: pulumi.Resource[] = [];
  for (const ns of plan.namespaces) {
    const mode = ns.mode ?? plan.mode;
    // Injection is an annotation for Linkerd (a label for Istio). The inbound default is read
    // by the injector, so it lives next to it.
    const namespace = new k8s.core.v1.Namespace(
      `${name}-namespace-${ns.name}`,
      {
        metadata: {
          name: ns.name,
          annotations: {
            "linkerd.io/inject": "enabled",
            "config.linkerd.io/default-inbound-policy": DEFAULT_INBOUND_POLICY[mode],
          },
        },
      },
      { parent },
    );
    out.push(namespace);
    const identity = plan.ingressIdentity;
    if (!ns.ports?.length || !identity) continue;
    const authn = new k8s.apiextensions.CustomResource(
      `${name}-${ns.name}-ingress-identity`,
      {
        apiVersion: "policy.linkerd.io/v1alpha1",
        kind: "MeshTLSAuthentication",
        metadata: { name: INGRESS_IDENTITY, namespace: ns.name },
        spec: {
          identityRefs: [
            { kind: "ServiceAccount", name: identity.name, namespace: identity.namespace },
          ],
        },
      },
      { parent, dependsOn: [namespace] },
    );
    out.push(authn);
    for (const port of ns.ports) {
      const server = new k8s.apiextensions.CustomResource(
        `${name}-${ns.name}-server-${port}`,
        {
          apiVersion: "policy.linkerd.io/v1beta3",
          kind: "Server",
          metadata: { name: serverName(port), namespace: ns.name },
          spec: {
            podSelector: ns.selector ? { matchLabels: { ...ns.selector } } : {},
            port,
            accessPolicy: SERVER_ACCESS_POLICY[mode],
          },
        },
        { parent, dependsOn: [namespace] },
      );
      const authz = new k8s.apiextensions.CustomResource(
        `${name}-${ns.name}-authorization-${port}`,
        {
          apiVersion: "policy.linkerd.io/v1alpha1",
          kind: "AuthorizationPolicy",
          metadata: { name: serverName(port), namespace: ns.name },
          spec: {
            targetRef: { group: "policy.linkerd.io", kind: "Server", name: serverName(port) },
            requiredAuthenticationRefs: [
              { group: "policy.linkerd.io", kind: "MeshTLSAuthentication", name: INGRESS_IDENTITY },
            ],
          },
        },
        { parent, dependsOn: [server, authn] },
      );
      out.push(server, authz);
    }
  }
  return out;
}
