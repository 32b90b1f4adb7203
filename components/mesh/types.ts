import type { ControllerKind } from "../known";

/** Service meshes tls-edge configures. */
export const MeshProvider = { istio: "istio", linkerd: "linkerd" } as const;
export type MeshProvider = (typeof MeshProvider)[keyof typeof MeshProvider];

/**
 * How an ingress controller joins a mesh. `IngressController` maps it onto its chart's pod
 * labels and annotations; `TlsIngress` adds the per-Ingress upstream settings.
 */
export interface MeshJoin {
  readonly provider: MeshProvider;
}

/**
 * mTLS mode of a mesh, a namespace or a workload. `PERMISSIVE` accepts plain text next to mTLS
 * while workloads migrate; `STRICT` accepts mTLS only. Istio's `DISABLE` and `UNSET` are left out
 * on purpose: a namespace that accepts only plain text is not what this package builds, and
 * `UNSET` (inherit) is what leaving `mode` out already means.
 * @see https://istio.io/latest/docs/reference/config/security/peer_authentication/
 */
export const MtlsMode = { strict: "STRICT", permissive: "PERMISSIVE" } as const;
export type MtlsMode = (typeof MtlsMode)[keyof typeof MtlsMode];

/**
 * mTLS mode of one port of selected workloads (Istio `portLevelMtls`). `DISABLE` is allowed here
 * only, for the documented case of a port that must take plain text (a probe or a scrape from
 * outside the mesh) while the rest of the workload stays STRICT.
 */
export const PortMtlsMode = { ...MtlsMode, disable: "DISABLE" } as const;
export type PortMtlsMode = (typeof PortMtlsMode)[keyof typeof PortMtlsMode];

/**
 * The ingress controller in front of the mesh, typed by shape so that `IngressController` (or
 * any controller installed by other means) fits.
 */
export interface MeshIngressController {
  /** Which controller; decides the chart's ServiceAccount name. */
  readonly controller: ControllerKind;
  /** Namespace the controller runs in. */
  readonly namespace: string;
  /** The controller's Service. */
  readonly serviceName?: string;
  /** How the controller joined the mesh; absent when it did not. */
  readonly mesh?: MeshJoin;
  /** The controller pods' ServiceAccount. @default the chart's (release named after the controller) */
  readonly serviceAccountName?: string;
}
