/**
 * `Certificate`'s arguments, closed sets and the synchronous validation run before anything is
 * registered. Values that are Outputs cannot be known at construction, so each check runs only
 * when its value is a plain value; cert-manager's webhook checks the rest at deployment.
 */
import type * as pulumi from "@pulumi/pulumi";
import { IssuerKind, type CertificateIssuer, type IssuerReference } from "../issuers/issuer-ref";
import { MAX_DNS_NAMES, isValidDnsName, isWildcard, parseGoDuration } from "./dns-names";
import { isKnown } from "../lib/inputs";

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

/** cert-manager's minimum lifetime and renewal window. */
const MIN_DURATION_MS = 3_600_000;
const MIN_RENEW_BEFORE_MS = 300_000;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;
const P = "CertificateArgs";

const known = isKnown;
function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}
function num(value: unknown): number | undefined {
  return typeof value === "number" ? value : undefined;
}

/** The values validation reads that may be Outputs: checked again once known, by the component. */
export const CERTIFICATE_CHECKED = [
  "dnsNames",
  "secretName",
  "namespace",
  "certificateName",
  "commonName",
  "duration",
  "renewBefore",
  "renewBeforePercentage",
  "privateKey.algorithm",
  "privateKey.size",
  "privateKey.encoding",
  "secretTemplate.annotations",
  "usages",
  "revisionHistoryLimit",
] as const;

/** `issuer` and the `privateKey` and `secretTemplate` objects must be plain (their fields may not). */
function outputProblems(args: CertificateArgs): string[] {
  const plain: [string, unknown][] = [
    ["issuer", args.issuer],
    ["privateKey", args.privateKey],
    ["secretTemplate", args.secretTemplate],
  ];
  return plain
    .filter(([, value]) => value !== undefined && !isKnown(value))
    .map(
      ([field]) =>
        `${P}.${field}: is an Output (or a Promise), where a plain value is needed; pass it as a plain value (its fields may be Outputs): the Certificate's dependencies and spec layout are decided from it`,
    );
}

/**
 * Checks every plain value of the args; throws one error listing each problem. Values given as
 * Outputs are checked with the same messages once known, by the component.
 */
export function validateCertificateArgs(args: CertificateArgs): void {
  const refused = outputProblems(args);
  if (refused.length > 0)
    throw new Error(`invalid Certificate arguments:\n  ${refused.join("\n  ")}`);
  const problems: string[] = [
    ...dnsNameProblems(args),
    ...issuerProblems(args),
    ...nameProblems(args),
    ...lifetimeProblems(args),
    ...keyProblems(args.privateKey),
    ...otherProblems(args),
  ];
  if (problems.length > 0) {
    throw new Error(`invalid Certificate arguments:\n  ${problems.join("\n  ")}`);
  }
}

function dnsNameProblems(args: CertificateArgs): string[] {
  const problems: string[] = [];
  if (!Array.isArray(args.dnsNames)) return problems;
  const names = args.dnsNames as unknown[];
  if (names.length === 0) {
    problems.push(
      `${P}.dnsNames: the list is empty; name at least one host the certificate is for`,
    );
  }
  if (names.length > MAX_DNS_NAMES) {
    problems.push(
      `${P}.dnsNames: ${names.length} names, more than the ${MAX_DNS_NAMES} a certificate can carry; split them across several Certificates`,
    );
  }
  const seen = new Map<string, number>();
  const issuer = args.issuer;
  names.forEach((value, i) => {
    const name = str(value);
    if (name === undefined) return;
    if (!isValidDnsName(name)) {
      problems.push(
        `${P}.dnsNames[${i}]: "${name}" is not a valid DNS name; use lower-case labels of letters, digits and hyphens (at most 63 characters, no hyphen at either end), with "*." only as the first label`,
      );
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push(
        `${P}.dnsNames[${i}]: "${name}" repeats dnsNames[${first}]; list each name once`,
      );
      return;
    }
    seen.set(name, i);
    if (isWildcard(name) && isIssuerComponent(issuer) && !issuer.supportsWildcards) {
      problems.push(
        `${P}.dnsNames[${i}]: "${name}" is a wildcard but the issuer "${issuer.issuerName}" has no DNS-01 solver; add a Route53Dns01 or CloudflareDns01 solver or drop the wildcard`,
      );
    }
  });
  return problems;
}

function issuerProblems(args: CertificateArgs): string[] {
  const issuer = args.issuer;
  if (!issuer) return [`${P}.issuer: missing; pass an issuer component or { name, kind }`];
  const problems: string[] = [];
  if (isIssuerComponent(issuer)) {
    const ns = str(args.namespace);
    if (
      issuer.issuerKind === IssuerKind.Issuer &&
      issuer.issuerNamespace &&
      ns &&
      ns !== issuer.issuerNamespace
    ) {
      problems.push(
        `${P}.issuer: the Issuer "${issuer.issuerName}" serves namespace "${issuer.issuerNamespace}" only but the Certificate is in "${ns}"; create the Certificate in "${issuer.issuerNamespace}" or use a ClusterIssuer`,
      );
    }
    return problems;
  }
  if (!issuer.name) {
    problems.push(`${P}.issuer.name: empty; name the Issuer or ClusterIssuer to use`);
  }
  const kinds = Object.values(IssuerKind) as string[];
  if (!kinds.includes(issuer.kind)) {
    problems.push(
      `${P}.issuer.kind: "${issuer.kind}" is not an issuer kind; use "ClusterIssuer" or "Issuer"`,
    );
  }
  return problems;
}

function nameProblems(args: CertificateArgs): string[] {
  const problems: string[] = [];
  for (const field of ["secretName", "certificateName"] as const) {
    const value = str(args[field]);
    if (value !== undefined && (value.length > 253 || !DNS_SUBDOMAIN.test(value))) {
      problems.push(
        `${P}.${field}: "${value}" is not a valid Kubernetes name; use lower-case letters, digits, "-" and "." (at most 253 characters)`,
      );
    }
  }
  const ns = str(args.namespace);
  if (ns !== undefined && !DNS_LABEL.test(ns)) {
    problems.push(
      `${P}.namespace: "${ns}" is not a valid namespace name; use lower-case letters, digits and "-" (at most 63 characters)`,
    );
  }
  const cn = str(args.commonName);
  if (cn !== undefined) {
    if (cn.length > 64) {
      problems.push(
        `${P}.commonName: ${cn.length} characters, over the 64 X.509 allows; drop commonName, dnsNames are enough`,
      );
    } else if (
      Array.isArray(args.dnsNames) &&
      (args.dnsNames as unknown[]).every(known) &&
      !(args.dnsNames as unknown[]).includes(cn)
    ) {
      problems.push(
        `${P}.commonName: "${cn}" is not one of dnsNames; add it to dnsNames or drop commonName`,
      );
    }
  }
  return problems;
}

function lifetimeProblems(args: CertificateArgs): string[] {
  const problems: string[] = [];
  let durationMs: number | undefined = 2160 * MIN_DURATION_MS;
  const duration = str(args.duration);
  if (args.duration !== undefined && !known(args.duration)) durationMs = undefined;
  if (duration !== undefined) {
    durationMs = parseGoDuration(duration);
    if (durationMs === undefined) {
      problems.push(
        `${P}.duration: "${duration}" is not a Go duration; write hours and minutes, e.g. "2160h" for 90 days`,
      );
    } else if (durationMs < MIN_DURATION_MS) {
      problems.push(
        `${P}.duration: "${duration}" is shorter than cert-manager's minimum of 1h; ask for at least "1h"`,
      );
      durationMs = undefined;
    }
  }
  const renewBefore = str(args.renewBefore);
  if (renewBefore !== undefined) {
    const ms = parseGoDuration(renewBefore);
    if (ms === undefined) {
      problems.push(
        `${P}.renewBefore: "${renewBefore}" is not a Go duration; write hours and minutes, e.g. "720h" for 30 days`,
      );
    } else if (ms < MIN_RENEW_BEFORE_MS) {
      problems.push(
        `${P}.renewBefore: "${renewBefore}" is under cert-manager's minimum of 5m; renew at least "5m" before expiry`,
      );
    } else if (durationMs !== undefined && ms >= durationMs) {
      problems.push(
        `${P}.renewBefore: "${renewBefore}" is not shorter than the duration "${duration ?? "2160h"}"; renew before the certificate ends, e.g. a third of its lifetime`,
      );
    }
  }
  if (args.renewBefore !== undefined && args.renewBeforePercentage !== undefined) {
    problems.push(
      `${P}.renewBeforePercentage: set together with renewBefore; keep only one of them`,
    );
  }
  const pct = num(args.renewBeforePercentage);
  if (pct !== undefined && (!Number.isInteger(pct) || pct < 1 || pct > 99)) {
    problems.push(
      `${P}.renewBeforePercentage: ${pct} is not a whole number from 1 to 99; e.g. 33 renews when a third of the lifetime is left`,
    );
  }
  return problems;
}

function keyProblems(key: CertificatePrivateKeyArgs | undefined): string[] {
  if (!key) return [];
  const problems: string[] = [];
  const algorithm = key.algorithm === undefined ? PrivateKeyAlgorithm.ECDSA : str(key.algorithm);
  const algorithms = Object.values(PrivateKeyAlgorithm) as string[];
  if (algorithm !== undefined && !algorithms.includes(algorithm)) {
    problems.push(
      `${P}.privateKey.algorithm: "${algorithm}" is not supported; use "ECDSA", "RSA" or "Ed25519"`,
    );
  }
  const size = num(key.size);
  if (size !== undefined && algorithm === PrivateKeyAlgorithm.Ed25519) {
    problems.push(`${P}.privateKey.size: Ed25519 keys have a fixed size; drop size`);
  } else if (size !== undefined && algorithm !== undefined && algorithms.includes(algorithm)) {
    const sizes = PRIVATE_KEY_SIZES[algorithm as PrivateKeyAlgorithm];
    if (!sizes.includes(size)) {
      problems.push(
        `${P}.privateKey.size: ${size} is not a key size tls-edge issues for ${algorithm}; use ${sizes.join(", ").replace(/, (\d+)$/, " or $1")}`,
      );
    }
  }
  const encoding = str(key.encoding);
  if (
    encoding !== undefined &&
    !(Object.values(PrivateKeyEncoding) as string[]).includes(encoding)
  ) {
    problems.push(
      `${P}.privateKey.encoding: "${encoding}" is not supported; use "PKCS1" or "PKCS8"`,
    );
  }
  return problems;
}

function otherProblems(args: CertificateArgs): string[] {
  const problems: string[] = [];
  if (Array.isArray(args.usages)) {
    const usages = Object.values(KeyUsage) as string[];
    (args.usages as unknown[]).forEach((u, i) => {
      if (typeof u === "string" && !usages.includes(u)) {
        problems.push(
          `${P}.usages[${i}]: "${u}" is not a cert-manager key usage; use one of KeyUsage, e.g. "server auth", "client auth", "digital signature"`,
        );
      }
    });
  }
  const limit = num(args.revisionHistoryLimit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    problems.push(
      `${P}.revisionHistoryLimit: ${limit} is not a whole number of at least 1; keep at least 1 CertificateRequest`,
    );
  }
  const annotations = args.secretTemplate?.annotations;
  if (annotations && known<Record<string, unknown>>(annotations)) {
    for (const key of Object.keys(annotations)) {
      if (key.startsWith("cert-manager.io/")) {
        problems.push(
          `${P}.secretTemplate.annotations["${key}"]: cert-manager.io/ annotations are reserved for cert-manager; use another prefix`,
        );
      }
    }
  }
  return problems;
}
