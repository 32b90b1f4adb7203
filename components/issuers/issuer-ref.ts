import type * as pulumi from "@pulumi/pulumi";

/** The two scopes of a cert-manager issuer. */
export const IssuerKind = { ClusterIssuer: "ClusterIssuer", Issuer: "Issuer" } as const;
export type IssuerKind = (typeof IssuerKind)[keyof typeof IssuerKind];

/**
 * A Certificate's `issuerRef`.
 * @see https://cert-manager.io/docs/reference/api-docs/#meta.cert-manager.io/v1.IssuerReference
 */
export interface IssuerReference {
  readonly name: string;
  readonly kind: IssuerKind;
  /** @default "cert-manager.io" */
  readonly group?: string;
}

/** What every issuer component exposes, so `Certificate` and `TlsIngress` can take it directly. */
export interface CertificateIssuer {
  /** The reference a Certificate uses. */
  readonly issuerRef: pulumi.Output<IssuerReference>;
  /** Name and kind, known at construction (for validation and annotations). */
  readonly issuerName: string;
  readonly issuerKind: IssuerKind;
  /** Namespace of a namespaced Issuer; undefined for a ClusterIssuer. */
  readonly issuerNamespace?: string;
  /** Whether this issuer can issue wildcard names (ACME needs a DNS-01 solver for that). */
  readonly supportsWildcards: boolean;
  /** The issuer resource itself, for ordering. */
  readonly issuerResource: pulumi.Resource;
}
