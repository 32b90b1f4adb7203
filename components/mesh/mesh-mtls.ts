/**
 * Mutual TLS between workloads, with Istio or Linkerd: a mesh-wide mode (STRICT, or PERMISSIVE
 * while migrating), application namespaces joined to the mesh, and the ingress controller's
 * identity authorised to reach them.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONTROLLERS } from "../known";
import { istioResources } from "./istio";
import { linkerdResources } from "./linkerd";
import { validateMeshMtlsArgs, type MeshMtlsArgs } from "./mesh-mtls-args";
import type { MeshProvider, MtlsMode } from "./types";
import { hasPulumiType } from "../lib/instance";

/** mTLS across a mesh: PeerAuthentication/DestinationRule (Istio) or Server policies (Linkerd). */
export class MeshMtls extends pulumi.ComponentResource {
  /** The Pulumi type token of MeshMtls. */
  public static readonly __pulumiType = "tls-edge:mesh:MeshMtls";

  /** Whether `obj` is a MeshMtls, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is MeshMtls {
    return hasPulumiType(obj, MeshMtls.__pulumiType);
  }

  public readonly provider: MeshProvider;
  public readonly mode: MtlsMode;
  /** Istio root namespace holding the mesh-wide policy; undefined for Linkerd. */
  public readonly rootNamespace?: string;
  /** The application namespaces the component created. */
  public readonly namespaces: readonly string[];
  /** The ingress controller's ServiceAccount as `<namespace>/<name>`, when one was given. */
  public readonly ingressIdentity?: string;
  /** Every child, for `dependsOn` from workloads that need the policies in place. */
  public readonly resources: readonly pulumi.Resource[];

  constructor(name: string, args: MeshMtlsArgs, opts?: pulumi.ComponentResourceOptions) {
    validateMeshMtlsArgs(args);
    super(MeshMtls.__pulumiType, name, {}, opts);
    this.provider = args.provider;
    this.mode = args.mode ?? "STRICT";
    const namespaces = args.namespaces ?? [];
    this.namespaces = namespaces.map((ns) => ns.name);
    const ctrl = args.ingressController;
    const identity = ctrl
      ? {
          name: ctrl.serviceAccountName ?? CONTROLLERS[ctrl.controller].serviceAccountName,
          namespace: ctrl.namespace,
        }
      : undefined;
    if (identity) this.ingressIdentity = `${identity.namespace}/${identity.name}`;

    if (args.provider === "istio") {
      this.rootNamespace = args.rootNamespace ?? "istio-system";
      this.resources = istioResources({
        name,
        parent: this,
        mode: this.mode,
        rootNamespace: this.rootNamespace,
        namespaces,
        mutualTlsHosts: args.mutualTlsHosts ?? [],
      });
    } else {
      this.resources = linkerdResources({
        name,
        parent: this,
        mode: this.mode,
        namespaces,
        ...(identity ? { ingressIdentity: identity } : {}),
      });
    }

    this.registerOutputs({
      provider: this.provider,
      mode: this.mode,
      rootNamespace: this.rootNamespace,
      namespaces: this.namespaces,
      ingressIdentity: this.ingressIdentity,
      resources: this.resources,
    });
  }
}
