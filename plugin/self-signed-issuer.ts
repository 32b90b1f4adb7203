/** SelfSignedIssuer as other languages see it: without `certManager` (use `dependsOn`). */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { IssuerKind, IssuerPlacementArgs } from "../components/issuers";

/** Arguments of a self-signed issuer. */
export type SelfSignedIssuerArgs = IssuerPlacementArgs;

/** A cert-manager SelfSigned issuer (for bootstrapping a CA, or tests). */
export class SelfSignedIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;

  constructor(name: string, args: SelfSignedIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tls-edge:index:SelfSignedIssuer", name, {}, opts);
    const issuer = new lib.SelfSignedIssuer(name, args, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.registerOutputs({ issuerName: this.issuerName, issuerKind: this.issuerKind });
  }
}
