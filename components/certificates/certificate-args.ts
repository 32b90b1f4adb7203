/**
 * `Certificate`'s arguments and closed sets; their validation is in certificate-validation.ts.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CertificateIssuer, IssuerReference } from "../issuers/issuer-ref";

/** Private key algorithms cert-manager generates. */
export const PrivateKeyAlgorithm = { ECDSA: "ECDSA", RSA: "RSA", Ed25519: "Ed25519" } as const;
export type PrivateKeyAlgorithm = (typeof PrivateKeyAlgorithm)[keyof typeof PrivateKeyAlgorithm];

/** Encodings of the private key in the Secret. */
export const PrivateKeyEncoding = { PKCS1: "PKCS1", PKCS8: "PKCS8" } as const;
export type PrivateKeyEncoding = (typeof PrivateKeyEncoding)[keyof typeof PrivateKeyEncoding];

/** Key sizes tls-edge accepts per algorithm (the sizes public CAs issue for). */
export const PRIVATE_KEY_SIZES: Readonly<Record<PrivateKeyAlgorithm, readonly number[]>> = {
  ECDSA: [256, 384],
  RSA: [2048, 3072, 4096],
  Ed25519: [],
};

/**
 * Key usages cert-manager knows.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.KeyUsage
 */
export const KeyUsage = {
  signing: "signing",
  digitalSignature: "digital signature",
  contentCommitment: "content commitment",
  keyEncipherment: "key encipherment",
  keyAgreement: "key agreement",
  dataEncipherment: "data encipherment",
  certSign: "cert sign",
  crlSign: "crl sign",
  encipherOnly: "encipher only",
  decipherOnly: "decipher only",
  any: "any",
  serverAuth: "server auth",
  clientAuth: "client auth",
  codeSigning: "code signing",
  emailProtection: "email protection",
  ipsecEndSystem: "ipsec end system",
  ipsecTunnel: "ipsec tunnel",
  ipsecUser: "ipsec user",
  timestamping: "timestamping",
  ocspSigning: "ocsp signing",
  microsoftSgc: "microsoft sgc",
  netscapeSgc: "netscape sgc",
} as const;
export type KeyUsage = (typeof KeyUsage)[keyof typeof KeyUsage];

/** The private key cert-manager generates for the certificate. */
export interface CertificatePrivateKeyArgs {
  /** @default "ECDSA" @see https://cert-manager.io/docs/usage/certificate/#configuring-private-keys */
  readonly algorithm?: pulumi.Input<PrivateKeyAlgorithm>;
  /** Bits: ECDSA 256 or 384, RSA 2048, 3072 or 4096; none for Ed25519. @default 256 for ECDSA, 2048 for RSA */
  readonly size?: pulumi.Input<number>;
  /** @default "PKCS1" (cert-manager's default) @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.PrivateKeyEncoding */
  readonly encoding?: pulumi.Input<PrivateKeyEncoding>;
}

/** Labels and annotations cert-manager copies onto the Secret. */
export interface CertificateSecretTemplateArgs {
  /** @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSecretTemplate */
  readonly labels?: pulumi.Input<Record<string, pulumi.Input<string>>>;
  /** `cert-manager.io/*` keys are reserved. @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSecretTemplate */
  readonly annotations?: pulumi.Input<Record<string, pulumi.Input<string>>>;
}

/** An issuer component, or a reference to an issuer managed elsewhere. */
export type CertificateIssuerInput = CertificateIssuer | IssuerReference;

export interface CertificateArgs extends CertificateSpecArgs {
  /**
   * An issuer component (its wildcard support is checked, and the Certificate waits for it), or
   * `{ name, kind }` of an issuer managed elsewhere: then the component cannot know whether it
   * issues wildcards and allows them. @see https://cert-manager.io/docs/usage/certificate/
   */
  readonly issuer: CertificateIssuerInput;
}

/**
 * Everything of a Certificate but its issuer: the plugin package's Certificate names the issuer by
 * reference instead (other languages cannot pass a TypeScript issuer object).
 */
export interface CertificateSpecArgs {
  /** Host names the certificate covers (1 to 100, no duplicates). @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec */
  readonly dnsNames: pulumi.Input<pulumi.Input<string>[]>;
  /** Secret cert-manager writes the certificate and key to. @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec */
  readonly secretName: pulumi.Input<string>;
  /** Namespace of the Certificate and its Secret. @see https://kubernetes.io/docs/concepts/overview/working-with-objects/namespaces/ */
  readonly namespace: pulumi.Input<string>;
  /** Name of the Certificate object. @default the secretName */
  readonly certificateName?: pulumi.Input<string>;
  /** Subject common name; must be one of dnsNames. @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec */
  readonly commonName?: pulumi.Input<string>;
  /** Requested lifetime, a Go duration. @default "2160h" @see https://cert-manager.io/docs/usage/certificate/#renewal */
  readonly duration?: pulumi.Input<string>;
  /**
   * How long before expiry to renew, a Go duration; exclusive with renewBeforePercentage.
   * @default "720h" (30 days) when the duration is 90 days or more, else a third of the duration
   * @see https://cert-manager.io/docs/usage/certificate/#renewal
   */
  readonly renewBefore?: pulumi.Input<string>;
  /** Renew when this percentage (1-99) of the lifetime is left; exclusive with renewBefore. @see https://cert-manager.io/docs/usage/certificate/#renewal */
  readonly renewBeforePercentage?: pulumi.Input<number>;
  /** Key algorithm, size and encoding; the key is regenerated at each renewal (rotationPolicy Always). @default ECDSA P-256 */
  readonly privateKey?: CertificatePrivateKeyArgs;
  /** Labels and annotations for the Secret. @see https://cert-manager.io/docs/usage/certificate/#creating-certificate-resources */
  readonly secretTemplate?: CertificateSecretTemplateArgs;
  /** Key usages requested. @default cert-manager's ("digital signature", "key encipherment") @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.KeyUsage */
  readonly usages?: pulumi.Input<pulumi.Input<KeyUsage>[]>;
  /** CertificateRequests kept per Certificate (at least 1). @default 3 @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec */
  readonly revisionHistoryLimit?: pulumi.Input<number>;
}

/** Whether the issuer is a component implementing `CertificateIssuer`. */
export function isIssuerComponent(issuer: CertificateIssuerInput): issuer is CertificateIssuer {
  return "issuerResource" in issuer;
}
