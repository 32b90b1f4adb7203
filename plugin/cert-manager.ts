/**
 * CertManager as other languages see it: without the Gateway API CRDs component and the chart
 * override (values of any shape), which stay TypeScript-only. Issuers and DNS-01 solvers of this
 * package name it by resource name in their `certManager` argument (and list it in `dependsOn`).
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components";
import type { CertManagerSettingsArgs } from "../components";
import { named, register } from "./registry";

/** Arguments of a cert-manager install. */
export type CertManagerArgs = CertManagerSettingsArgs;

/** cert-manager from its official chart, with its namespace. */
export class CertManager extends pulumi.ComponentResource {
  /** Namespace cert-manager runs in. */
  public readonly namespace: string;
  /** Where ClusterIssuers' Secrets live. */
  public readonly clusterResourceNamespace: string;

  constructor(name: string, args: CertManagerArgs, opts?: pulumi.ComponentResourceOptions) {
    lib.validateCertManagerArgs(args);
    super("tls-edge:index:CertManager", name, {}, opts);
    const certManager = new lib.CertManager(name, args, { parent: this });
    this.namespace = certManager.namespace;
    this.clusterResourceNamespace = certManager.clusterResourceNamespace;
    register("CertManager", name, certManager);
    this.registerOutputs({
      namespace: this.namespace,
      clusterResourceNamespace: this.clusterResourceNamespace,
    });
  }
}

/** The `certManager` argument of the plugin's issuers and DNS-01 solvers. */
export interface CertManagerRefArgs {
  /**
   * Name of the CertManager (of this package, created before in this program: list it in
   * `dependsOn`) these objects belong to: its cluster resource namespace is where a ClusterIssuer's
   * Secrets go, and its namespace is the one a credential's ServiceAccount trust names.
   * @default cert-manager installed in "cert-manager"
   */
  readonly certManager?: string;
}

/**
 * The library's arguments for a wrapper's: `certManager` named becomes the CertManager object
 * constructed earlier in this process (an unknown name throws, naming `<argsType>.certManager`).
 */
export function withCertManager<T extends CertManagerRefArgs>(
  argsType: string,
  args: T,
): Omit<T, "certManager"> & { certManager?: lib.CertManager } {
  const { certManager, ...rest } = args;
  if (certManager === undefined) return rest;
  return {
    ...rest,
    certManager: named<lib.CertManager>("CertManager", `${argsType}.certManager`, certManager),
  };
}
