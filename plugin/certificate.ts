/**
 * Certificate as other languages see it: the issuer is named by its reference (an issuer component
 * of this package exposes `issuerName` and `issuerKind`), not passed as a TypeScript object.
 */
import * as pulumi from "@pulumi/pulumi";
import * as lib from "../components";
import type { IssuerKind } from "../components";
import { validatedAs } from "./validated";

/** A cert-manager issuer, by name and kind. */
export interface IssuerRefArgs {
  /** Name of the Issuer or ClusterIssuer. */
  readonly name: string;
  /** `ClusterIssuer` or `Issuer`. */
  readonly kind: IssuerKind;
  /** API group of the issuer. @default "cert-manager.io" */
  readonly group?: string;
}

/** Arguments of a cert-manager Certificate. */
export interface CertificateArgs extends lib.CertificateSpecArgs {
  /** The issuer that signs the certificate. */
  readonly issuerRef: IssuerRefArgs;
}

/** A cert-manager Certificate, validated before anything is registered. */
export class Certificate extends pulumi.ComponentResource {
  /** Name of the Secret cert-manager writes. */
  public readonly secretName: pulumi.Output<string>;

  constructor(name: string, args: CertificateArgs, opts?: pulumi.ComponentResourceOptions) {
    const { issuerRef, ...rest } = args;
    const libArgs = validatedAs({ ...rest, issuer: issuerRef }, lib.validateCertificateArgs, [
      ["CertificateArgs.issuer", "CertificateArgs.issuerRef"],
    ]);
    super("tls-edge:index:Certificate", name, {}, opts);
    const certificate = new lib.Certificate(name, libArgs, { parent: this });
    this.secretName = pulumi.output(args.secretName);
    void certificate;
    this.registerOutputs({ secretName: this.secretName });
  }
}
