/**
 * CertManager as other languages see it: without the Gateway API CRDs component and the chart
 * override (values of any shape), which stay TypeScript-only. Issuers of this package order after
 * it through the `dependsOn` resource option.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components";
import type { CertManagerSettingsArgs } from "../components";

/** Arguments of a cert-manager install. */
export type CertManagerArgs = CertManagerSettingsArgs;

/** cert-manager from its official chart, with its namespace. */
export class CertManager extends pulumi.ComponentResource {
  /** Namespace cert-manager runs in. */
  public readonly namespace: string;
  /** Where ClusterIssuers' Secrets live. */
  public readonly clusterResourceNamespace: string;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("tls-edge:index:CertManager", name, {}, opts);
    const certManager = new lib.CertManager(name, args, { parent: this });
    this.namespace = certManager.namespace;
    this.clusterResourceNamespace = certManager.clusterResourceNamespace;
    this.registerOutputs({
      namespace: this.namespace,
      clusterResourceNamespace: this.clusterResourceNamespace,
    });
  }
}
