/**
 * InternalCa as other languages see it: the library's InternalCa, its CertManager named by
 * resource name.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { InternalCaSettingsArgs, IssuerKind } from "../components/issuers";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";

/** Arguments of an internal root CA and the CA issuer over it. */
export interface InternalCaArgs extends InternalCaSettingsArgs, CertManagerRefArgs {}

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
    const libArgs = withCertManager("InternalCaArgs", args);
    lib.validateInternalCaArgs(libArgs);
    super("tls-edge:index:InternalCa", name, {}, opts);
    const ca = new lib.InternalCa(name, libArgs, { parent: this });
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
