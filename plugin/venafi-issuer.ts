/**
 * VenafiIssuer as other languages see it: the library's VenafiIssuer, its CertManager named by
 * resource name. The password, access token and API key are secret in the schema
 * (plugin/secrets.ts), so every language's SDK sends them as secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { IssuerKind, VenafiIssuerSettingsArgs } from "../components/issuers";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";

/** Arguments of a Venafi TPP or Venafi Cloud issuer. */
export interface VenafiIssuerArgs extends VenafiIssuerSettingsArgs, CertManagerRefArgs {}

/** A cert-manager Venafi issuer, with its credentials in a Secret. */
export class VenafiIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;

  constructor(name: string, args: VenafiIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = withCertManager("VenafiIssuerArgs", args);
    lib.validateVenafiIssuerArgs(libArgs); // before anything is registered
    super("tls-edge:index:VenafiIssuer", name, {}, opts);
    const issuer = new lib.VenafiIssuer(name, libArgs, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.registerOutputs({ issuerName: this.issuerName, issuerKind: this.issuerKind });
  }
}
