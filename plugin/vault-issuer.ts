/**
 * VaultIssuer as other languages see it: the library's VaultIssuer without `certManager`, which is
 * a TypeScript object (order after cert-manager with the `dependsOn` resource option instead). The
 * token and AppRole secret ID are secret in the schema (plugin/secrets.ts), so every language's SDK
 * sends them as secrets.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components/issuers";
import type { IssuerKind, VaultIssuerSettingsArgs } from "../components/issuers";

/** Arguments of a HashiCorp Vault PKI issuer. */
export type VaultIssuerArgs = VaultIssuerSettingsArgs;

/** A cert-manager Vault issuer, with the Secret or ServiceAccount its login needs. */
export class VaultIssuer extends pulumi.ComponentResource {
  /** Name of the issuer object. */
  public readonly issuerName: string;
  /** `ClusterIssuer` or `Issuer`. */
  public readonly issuerKind: IssuerKind;

  constructor(name: string, args: VaultIssuerArgs, opts?: pulumi.ComponentResourceOptions) {
    lib.validateVaultIssuerArgs(args); // before anything is registered
    super("tls-edge:index:VaultIssuer", name, {}, opts);
    const issuer = new lib.VaultIssuer(name, args, { parent: this });
    this.issuerName = issuer.issuerName;
    this.issuerKind = issuer.issuerKind;
    this.registerOutputs({ issuerName: this.issuerName, issuerKind: this.issuerKind });
  }
}
