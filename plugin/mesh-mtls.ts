/**
 * MeshMtls as other languages see it: plain lists and maps, port modes keyed by the port as a
 * string (schema maps have string keys), and the ingress controller by its resource name (an
 * IngressController of this package constructed earlier in the same program, joined with `mesh`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/mesh";
import type { MeshProvider, MtlsMode, PortMtlsMode } from "../components/mesh";
import { controllerNamed } from "./ingress-controller";

/** One application namespace the component creates with mesh injection on. */
export interface MeshNamespaceArgs {
  /** The namespace's name. */
  readonly name: string;
  /** mTLS mode of this namespace. @default the mesh-wide `mode` */
  readonly mode?: MtlsMode;
  /** Pod labels of the workloads `portLevelMtls` (Istio) or `ports` (Linkerd) apply to. */
  readonly selector?: Record<string, string>;
  /**
   * Istio: per-port modes of the selected workloads, keyed by port number; needs `selector`.
   * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
   */
  readonly portLevelMtls?: Record<string, PortMtlsMode>;
  /**
   * Linkerd: container ports of the selected pods that only the ingress controller's identity
   * may reach, over mTLS. @see https://linkerd.io/2/reference/authorization-policy/
   */
  readonly ports?: number[];
}

/** Arguments of mutual TLS across a mesh. */
export interface MeshMtlsArgs {
  /** Which mesh. @see https://istio.io/latest/docs/concepts/security/ */
  readonly provider: MeshProvider;
  /** Mesh-wide mTLS mode, and the default of every namespace. @default "STRICT" */
  readonly mode?: MtlsMode;
  /** Istio root namespace, where the mesh-wide policy lives. @default "istio-system" */
  readonly rootNamespace?: string;
  /** Application namespaces to create with injection on. @default [] */
  readonly namespaces?: MeshNamespaceArgs[];
  /**
   * Istio: services (`<service>.<namespace>.svc.cluster.local`) pinned to ISTIO_MUTUAL with a
   * DestinationRule. @see https://istio.io/latest/docs/reference/config/networking/destination-rule/
   */
  readonly mutualTlsHosts?: string[];
  /**
   * Name of the IngressController (of this package, created before: list it in `dependsOn`) in
   * front of the mesh, authorised (Linkerd) to reach `ports`.
   */
  readonly ingressController?: string;
}

/** mTLS across a mesh: PeerAuthentication/DestinationRule (Istio) or Server policies (Linkerd). */
export class MeshMtls extends pulumi.ComponentResource {
  /** Which mesh. */
  public readonly provider: MeshProvider;
  /** Mesh-wide mTLS mode. */
  public readonly mode: MtlsMode;
  /** Istio root namespace holding the mesh-wide policy; absent for Linkerd. */
  public readonly rootNamespace?: string;
  /** The application namespaces the component created. */
  public readonly namespaces: string[];
  /** The ingress controller's ServiceAccount as `<namespace>/<name>`, when one was given. */
  public readonly ingressIdentity?: string;

  constructor(name: string, args: MeshMtlsArgs, opts?: pulumi.ComponentResourceOptions) {
    // The controller resolved and arguments checked before anything is registered.
    const { ingressController, namespaces, mutualTlsHosts, ...rest } = args;
    const libArgs: lib.MeshMtlsArgs = {
      ...rest,
      ...(namespaces !== undefined ? { namespaces } : {}),
      ...(mutualTlsHosts !== undefined ? { mutualTlsHosts } : {}),
      ...(ingressController !== undefined
        ? {
            ingressController: controllerNamed("MeshMtlsArgs.ingressController", ingressController),
          }
        : {}),
    };
    lib.validateMeshMtlsArgs(libArgs);
    super("tls-edge:index:MeshMtls", name, {}, opts);
    const mesh = new lib.MeshMtls(name, libArgs, { parent: this });
    this.provider = mesh.provider;
    this.mode = mesh.mode;
    if (mesh.rootNamespace !== undefined) this.rootNamespace = mesh.rootNamespace;
    this.namespaces = [...mesh.namespaces];
    if (mesh.ingressIdentity !== undefined) this.ingressIdentity = mesh.ingressIdentity;
    this.registerOutputs({
      provider: this.provider,
      mode: this.mode,
      rootNamespace: this.rootNamespace,
      namespaces: this.namespaces,
      ingressIdentity: this.ingressIdentity,
    });
  }
}
