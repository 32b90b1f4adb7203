/**
 * A self-signed issuer, for bootstrapping: each Certificate signs itself (`spec.selfSigned: {}`).
 * Use it to mint a root CA Certificate that a CA issuer then signs with.
 */
import type * as pulumi from "@pulumi/pulumi";
import { outputProblems } from "../lib/inputs";
import { IssuerComponent } from "./issuer-component";
import { Problems } from "../lib/problems";
import { checkScope, ISSUER_PLAIN, type IssuerScopeArgs } from "./scope";
import { hasPulumiType } from "../lib/instance";

/** @see https://cert-manager.io/docs/configuration/selfsigned/ */
export type SelfSignedIssuerArgs = IssuerScopeArgs;

/** Checks the scope (the only args a self-signed issuer has). */
export function validateSelfSignedIssuerArgs(args: SelfSignedIssuerArgs): void {
  const p = new Problems();
  outputProblems(p, "SelfSignedIssuerArgs", args, [], ISSUER_PLAIN);
  p.throwIfAny();
  checkScope(p, "SelfSignedIssuerArgs", args);
  p.throwIfAny();
}

/** A cert-manager self-signed `ClusterIssuer` (or `Issuer` with `namespace`). */
export class SelfSignedIssuer extends IssuerComponent {
  /** The Pulumi type token of SelfSignedIssuer. */
  public static readonly __pulumiType = "tls-edge:issuers:SelfSignedIssuer";

  /** Whether `obj` is a SelfSignedIssuer, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is SelfSignedIssuer {
    return hasPulumiType(obj, SelfSignedIssuer.__pulumiType);
  }

  public readonly supportsWildcards: boolean;

  constructor(
    name: string,
    args: SelfSignedIssuerArgs = {},
    opts?: pulumi.ComponentResourceOptions,
  ) {
    validateSelfSignedIssuerArgs(args);
    super(SelfSignedIssuer.__pulumiType, name, args, opts);
    this.supportsWildcards = true;
    this.createIssuer({ selfSigned: {} });
    this.registerOutputs(this.issuerOutputs());
  }
}
