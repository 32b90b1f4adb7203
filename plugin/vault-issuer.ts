/**
 * VaultIssuer as other languages see it: the library's VaultIssuer, its CertManager named by
 * resource name. The token and AppRole secret ID are secret in the schema (plugin/secrets.ts), so
 * every language's SDK sends them as secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { IssuerKind, VaultIssuerSettingsArgs } from "../components/issuers";
import { withCertManager, type CertManagerRefArgs } from "./cert-manager";

/** Arguments of a HashiCorp Vault PKI issuer. */
export interface VaultIssuerArgs extends VaultIssuerSettingsArgs, CertManagerRefArgs {}

/** A cert-manager Vault issuer, with the Secret or ServiceAccount its login needs. */
export class VaultIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;

  constructor(name: string, args: VaultIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    const libArgs = withCertManager("VaultIssuerArgs", args);
    lib.validateVaultIssuerArgs(libArgs); // before anything is registered
    super("tls-edge:index:VaultIssuer", name, {}, opts);
    const issuer = new lib.VaultIssuer(name, libArgs, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.registerOutputs({ issuerName: this.issuerName, issuerKind: this.issuerKind });
  }
}
