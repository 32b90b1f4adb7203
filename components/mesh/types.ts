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
