/**
 * InternalCa as other languages see it: the library's InternalCa without `certManager`, which is a
 * TypeScript object reference (order after cert-manager with the `dependsOn` resource option).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { CaKeyAlgorithm, InternalCaSubjectArgs, IssuerKind } from "../components/issuers";

/**
 * Arguments of an internal root CA and the CA issuer over it: the library's, less `certManager`.
 * Pulumi reads declared properties only (an `Omit<>` would reach other languages as `Any`).
 */
export interface InternalCaArgs {
  /** Namespace of a namespaced `Issuer`; omit for a `ClusterIssuer`. */
  readonly namespace?: string;
  /** Name of the issuer object in the cluster. @default the component name */
  readonly issuerName?: string;
  /** Key type of the CA key. @default "ECDSA_P256" */
  readonly keyAlgorithm?: CaKeyAlgorithm;
  /** Subject of the CA certificate. @default { commonName: "tls-edge internal root CA", organization: "tls-edge" } */
  readonly subject?: InternalCaSubjectArgs;
  /** Lifetime of the CA certificate in hours. @default 87600 (10 years) */
  readonly validityHours?: number;
  /** Hours before expiry at which `pulumi up` replaces the CA certificate. @default 8760 */
  readonly earlyRenewalHours?: number;
  /** Name of the `kubernetes.io/tls` Secret holding the CA. @default "<issuerName>-ca" */
  readonly secretName?: string;
}

/** An internal root CA, stored where cert-manager reads it, and a CA issuer over it. */
export class InternalCa extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;
  /** The Secret holding the CA. */
  public readonly secretName: string;
  /** The CA certificate (public), for trust bundles and clients. */
  public readonly caCertPem: pulumi.Output<string>;

  constructor(name: string, args: InternalCaArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tls-edge:index:InternalCa", name, {}, opts);
    const ca = new lib.InternalCa(name, args, { parent: this });
    this.issuerName = ca.issuerName;
    this.issuerKind = ca.issuerKind;
    this.secretName = ca.secretName;
    this.caCertPem = ca.caCertPem;
    this.registerOutputs({
      issuerName: this.issuerName,
      issuerKind: this.issuerKind,
      secretName: this.secretName,
      caCertPem: this.caCertPem,
    });
  }
}
