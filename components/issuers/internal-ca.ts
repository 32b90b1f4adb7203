/**
 * An internal root CA: a key and self-signed CA certificate made by the Pulumi TLS provider,
 * stored as a `kubernetes.io/tls` Secret where cert-manager reads it, and a CA issuer over it.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { checkedWhenKnown, isKnown, outputProblems } from "../lib/inputs";
import { IssuerComponent } from "./issuer-component";
import { show } from "./problems";
import { hasPulumiType } from "../lib/instance";
import { isDns1123Subdomain } from "../lib/names";
import { Problems } from "../lib/problems";
import { checkScope, ISSUER_PLAIN, type IssuerPlacementArgs, type IssuerScopeArgs } from "./scope";

/** Key types for the CA key. */
export const CaKeyAlgorithm = {
  ecdsaP256: "ECDSA_P256",
  ecdsaP384: "ECDSA_P384",
  rsa3072: "RSA_3072",
  rsa4096: "RSA_4096",
} as const;
export type CaKeyAlgorithm = (typeof CaKeyAlgorithm)[keyof typeof CaKeyAlgorithm];

const KEY_ARGS: Record<CaKeyAlgorithm, tls.PrivateKeyArgs> = {
  ECDSA_P256: { algorithm: "ECDSA", ecdsaCurve: "P256" },
  ECDSA_P384: { algorithm: "ECDSA", ecdsaCurve: "P384" },
  RSA_3072: { algorithm: "RSA", rsaBits: 3072 },
  RSA_4096: { algorithm: "RSA", rsaBits: 4096 },
};

/** The CA certificate's subject. */
export interface InternalCaSubjectArgs {
  /** Common name. */
  readonly commonName: pulumi.Input<string>;
  /** Organization. @default none */
  readonly organization?: pulumi.Input<string>;
  /** Organizational unit. @default none */
  readonly organizationalUnit?: pulumi.Input<string>;
}

export interface InternalCaArgs extends IssuerScopeArgs, InternalCaSettingsArgs {}

/** All but `certManager`: what other languages pass too (the plugin package). */
export interface InternalCaSettingsArgs extends IssuerPlacementArgs {
  /**
   * Key type of the CA key.
   * @default "ECDSA_P256"
   * @see https://www.pulumi.com/registry/packages/tls/api-docs/privatekey/
   */
  readonly keyAlgorithm?: CaKeyAlgorithm;
  /** Subject of the CA certificate. @default { commonName: "tls-edge internal root CA", organization: "tls-edge" } */
  readonly subject?: InternalCaSubjectArgs;
  /** Lifetime of the CA certificate in hours. @default 87600 (10 years) */
  readonly validityHours?: number;
  /**
   * Hours before expiry at which `pulumi up` replaces the CA certificate (the key stays).
   * @default 8760 (1 year)
   */
  readonly earlyRenewalHours?: number;
  /** Name of the `kubernetes.io/tls` Secret holding the CA. @default "<issuerName>-ca" */
  readonly secretName?: string;
}

const ARGS = "InternalCaArgs";
const DEFAULT_VALIDITY_HOURS = 87600;
const DEFAULT_EARLY_RENEWAL_HOURS = 8760;

/** The arguments that may be Outputs. */
const CA_INPUTS = ["subject.commonName", "subject.organization", "subject.organizationalUnit"];

/**
 * Checks the known values; a common name given as an Output is checked with the same message once
 * known, by the component. Outputs elsewhere are refused.
 */
export function validateInternalCaArgs(args: InternalCaArgs): void {
  const p = new Problems();
  outputProblems(p, ARGS, args, CA_INPUTS, ISSUER_PLAIN);
  p.throwIfAny();
  checkScope(p, ARGS, args);
  if (
    args.keyAlgorithm !== undefined &&
    !Object.values(CaKeyAlgorithm).includes(args.keyAlgorithm)
  ) {
    p.add(
      `${ARGS}.keyAlgorithm`,
      `${show(args.keyAlgorithm)} is not a supported key type`,
      `use one of ${Object.values(CaKeyAlgorithm).join(", ")}`,
    );
  }
  const validity = args.validityHours ?? DEFAULT_VALIDITY_HOURS;
  if (!Number.isInteger(validity) || validity < 24) {
    p.add(
      `${ARGS}.validityHours`,
      `${show(validity)} is not a whole number of hours of at least 24`,
      "give the CA a lifetime in hours, e.g. 87600 for 10 years",
    );
  }
  const early = args.earlyRenewalHours ?? DEFAULT_EARLY_RENEWAL_HOURS;
  if (!Number.isInteger(early) || early < 0 || early >= validity) {
    p.add(
      `${ARGS}.earlyRenewalHours`,
      `${show(early)} is not between 0 and validityHours (${validity})`,
      "renew some time before expiry, less than the certificate's lifetime",
    );
  }
  const cn = args.subject?.commonName;
  if (isKnown(cn) && cn.trim() === "") {
    p.add(
      `${ARGS}.subject.commonName`,
      "is empty",
      'name the CA, e.g. "Example Corp internal root CA"',
    );
  }
  if (args.secretName !== undefined && !isDns1123Subdomain(args.secretName)) {
    p.add(
      `${ARGS}.secretName`,
      `${show(args.secretName)} is not a valid Secret name`,
      "use lower-case letters, digits, '-' and '.'",
    );
  }
  p.throwIfAny();
}

/** A root CA and a cert-manager CA `ClusterIssuer` (or `Issuer` with `namespace`) signing with it. */
export class InternalCa extends IssuerComponent {
  /** The Pulumi type token of InternalCa. */
  public static readonly __pulumiType = "tls-edge:issuers:InternalCa";

  /** Whether `obj` is an InternalCa, also one made by another loaded copy of tls-edge. */
  public static override isInstance(obj: unknown): obj is InternalCa {
    return hasPulumiType(obj, InternalCa.__pulumiType);
  }

  /** A CA issuer signs any name, wildcards included. */
  public readonly supportsWildcards: boolean;
  /** The CA certificate (public), for trust bundles and clients. */
  public readonly caCertPem: pulumi.Output<string>;
  /** The CA key; a Pulumi secret. */
  public readonly privateKeyPem: pulumi.Output<string>;
  /** The Secret holding the CA. */
  public readonly secretName: string;

  constructor(name: string, args: InternalCaArgs = {}, opts?: pulumi.ComponentResourceOptions) {
    validateInternalCaArgs(args);
    super(InternalCa.__pulumiType, name, args, opts);
    args = checkedWhenKnown(args, ["subject.commonName"], validateInternalCaArgs);
    const scope = this.scope;
    this.supportsWildcards = true;
    this.secretName = args.secretName ?? `${scope.issuerName}-ca`;

    const key = new tls.PrivateKey(
      `${name}-key`,
      KEY_ARGS[args.keyAlgorithm ?? CaKeyAlgorithm.ecdsaP256],
      { parent: this },
    );
    const subject = args.subject ?? {
      commonName: "tls-edge internal root CA",
      organization: "tls-edge",
    };
    const cert = new tls.SelfSignedCert(
      `${name}-cert`,
      {
        privateKeyPem: key.privateKeyPem,
        isCaCertificate: true,
        setSubjectKeyId: true,
        allowedUses: ["cert_signing", "crl_signing"],
        validityPeriodHours: args.validityHours ?? DEFAULT_VALIDITY_HOURS,
        earlyRenewalHours: args.earlyRenewalHours ?? DEFAULT_EARLY_RENEWAL_HOURS,
        subject,
      },
      { parent: this },
    );
    this.caCertPem = cert.certPem;
    this.privateKeyPem = pulumi.secret(key.privateKeyPem);

    const secret = new k8s.core.v1.Secret(
      `${name}-secret`,
      {
        metadata: { name: this.secretName, namespace: scope.secretNamespace },
        type: "kubernetes.io/tls",
        // One secret map: the key must never be plain, and the certificates travel with it.
        stringData: pulumi.secret({
          "tls.crt": cert.certPem,
          "tls.key": key.privateKeyPem,
          "ca.crt": cert.certPem,
        }),
      },
      { parent: this, dependsOn: scope.dependsOn },
    );

    this.createIssuer({ ca: { secretName: this.secretName } }, [...scope.dependsOn, secret]);

    this.registerOutputs({
      ...this.issuerOutputs(),
      caCertPem: this.caCertPem,
      privateKeyPem: this.privateKeyPem,
      secretName: this.secretName,
    });
  }
}
