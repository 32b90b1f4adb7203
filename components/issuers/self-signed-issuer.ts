/**
 * A self-signed issuer, for bootstrapping: each Certificate signs itself (`spec.selfSigned: {}`).
 * Use it to mint a root CA Certificate that a CA issuer then signs with.
 */
import type * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { CertificateIssuer, IssuerKind, IssuerReference } from "./issuer-ref";
import { Problems } from "./problems";
import { checkScope, issuerObject, issuerRefOf, resolveScope, type IssuerScopeArgs } from "./scope";

/** @see https://cert-manager.io/docs/configuration/selfsigned/ */
export type SelfSignedIssuerArgs = IssuerScopeArgs;

/** Checks the scope (the only args a self-signed issuer has). */
export function validateSelfSignedIssuerArgs(args: SelfSignedIssuerArgs): void {
  const p = new Problems();
  checkScope(p, "SelfSignedIssuerArgs", args);
  p.throwIfAny();
}

/** A cert-manager self-signed `ClusterIssuer` (or `Issuer` with `namespace`). */
export class SelfSignedIssuer extends pulumi.ComponentResource implements CertificateIssuer {
  public readonly issuerRef: pulumi.Output<IssuerReference>;
  public readonly issuerName: string;
  public readonly issuerKind: IssuerKind;
  public readonly issuerNamespace?: string;
  public readonly supportsWildcards: boolean;
  public readonly issuerResource: k8s.apiextensions.CustomResource;

  constructor(
    name: string,
    args: SelfSignedIssuerArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    validateSelfSignedIssuerArgs(args);
    super("tls-edge:issuers:SelfSignedIssuer", name, {}, opts);

    const scope = resolveScope(name, args);
    this.issuerName = scope.issuerName;
    this.issuerKind = scope.kind;
    if (scope.namespace) this.issuerNamespace = scope.namespace;
    this.supportsWildcards = true;
    this.issuerResource = issuerObject(
      this,
      `${name}-issuer`,
      scope,
      { selfSigned: {} },
      scope.dependsOn,
    );
    this.issuerRef = issuerRefOf(this.issuerResource, scope);

    this.registerOutputs({
      issuerRef: this.issuerRef,
      issuerName: this.issuerName,
      issuerKind: this.issuerKind,
      issuerNamespace: this.issuerNamespace,
      supportsWildcards: this.supportsWildcards,
      issuerResource: this.issuerResource,
    });
  }
}
