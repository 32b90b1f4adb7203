/** SelfSignedIssuer as other languages see it: its CertManager by resource name. */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { IssuerKind, IssuerPlacementArgs } from "../components/issuers";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";

/** Arguments of a self-signed issuer. */
export interface SelfSignedIssuerArgs extends IssuerPlacementArgs, CertManagerRefArgs {}

/** A cert-manager SelfSigned issuer (for bootstrapping a CA, or tests). */
export class SelfSignedIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;

  constructor(name: string, args: SelfSignedIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = withCertManager("SelfSignedIssuerArgs", args);
    lib.validateSelfSignedIssuerArgs(libArgs);
    super("tls-edge:index:SelfSignedIssuer", name, {}, opts);
    const issuer = new lib.SelfSignedIssuer(name, libArgs, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.registerOutputs({ issuerName: this.issuerName, issuerKind: this.issuerKind });
  }
}
