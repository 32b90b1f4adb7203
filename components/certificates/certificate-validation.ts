/**
 * The synchronous validation of `Certificate`'s arguments, run before anything is registered.
 * Values that are Outputs cannot be known at construction, so each check runs only when its
 * value is a plain value; the component checks them again once known, with the same messages.
 */
import { IssuerKind } from "../issuers/issuer-ref";
import { parseGoDuration } from "../lib/durations";
import { MAX_DNS_NAMES, isValidDnsName, isWildcard } from "../lib/hosts";
import { isKnown } from "../lib/inputs";
import { isDns1123Label, isDns1123Subdomain } from "../lib/names";
import { Problems } from "../lib/problems";
import {
  KeyUsage,
  PRIVATE_KEY_SIZES,
  PrivateKeyAlgorithm,
  PrivateKeyEncoding,
  isIssuerComponent,
  type CertificateArgs,
  type CertificatePrivateKeyArgs,
} from "./certificate-args";

/** cert-manager's minimum lifetime and renewal window. */
const MIN_DURATION_MS = 3_600_000;
const MIN_RENEW_BEFORE_MS = 300_000;
const P = "CertificateArgs";
const HEADING = "invalid Certificate arguments:";

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
function outputProblems(p: Problems, args: CertificateArgs): void {
  for (const field of ["issuer", "privateKey", "secretTemplate"] as const) {
    if (args[field] !== undefined && !isKnown(args[field]))
      p.add(
        `${P}.${field}`,
        "is an Output (or a Promise), where a plain value is needed",
        "pass it as a plain value (its fields may be Outputs): the Certificate's dependencies and spec layout are decided from it",
      );
  }
}

/**
 * Checks every plain value of the args; throws one error listing each problem. Values given as
 * Outputs are checked with the same messages once known, by the component.
 */
export function validateCertificateArgs(args: CertificateArgs): void {
  const p = new Problems();
  outputProblems(p, args);
  p.throwIfAny(HEADING);
  dnsNameProblems(p, args);
  issuerProblems(p, args);
  nameProblems(p, args);
  lifetimeProblems(p, args);
  keyProblems(p, args.privateKey);
  otherProblems(p, args);
  p.throwIfAny(HEADING);
}

function dnsNameProblems(p: Problems, args: CertificateArgs): void {
  if (!Array.isArray(args.dnsNames)) return;
  const names = args.dnsNames as unknown[];
  if (names.length === 0) {
    p.add(`${P}.dnsNames`, `the list is empty`, `name at least one host the certificate is for`);
  }
  if (names.length > MAX_DNS_NAMES) {
    p.add(
      `${P}.dnsNames`,
      `${names.length} names, more than the ${MAX_DNS_NAMES} a certificate can carry`,
      `split them across several Certificates`,
    );
  }
  const seen = new Map<string, number>();
  const issuer = args.issuer;
  names.forEach((value, i) => {
    const name = str(value);
    if (name === undefined) return;
    if (!isValidDnsName(name)) {
      p.add(
        `${P}.dnsNames[${i}]`,
        `"${name}" is not a valid DNS name`,
        `use lower-case labels of letters, digits and hyphens (at most 63 characters, no hyphen at either end), with "*." only as the first label`,
      );
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      p.add(`${P}.dnsNames[${i}]`, `"${name}" repeats dnsNames[${first}]`, `list each name once`);
      return;
    }
    seen.set(name, i);
    if (isWildcard(name) && isIssuerComponent(issuer) && !issuer.supportsWildcards) {
      p.add(
        `${P}.dnsNames[${i}]`,
        `"${name}" is a wildcard but the issuer "${issuer.issuerName}" has no DNS-01 solver`,
        `add a Route53Dns01 or CloudflareDns01 solver or drop the wildcard`,
      );
    }
  });
}

function issuerProblems(p: Problems, args: CertificateArgs): void {
  const issuer = args.issuer;
  if (!issuer) {
    p.add(`${P}.issuer`, `missing`, `pass an issuer component or { name, kind }`);
    return;
  }
  if (isIssuerComponent(issuer)) {
    const ns = str(args.namespace);
    if (
      issuer.issuerKind === IssuerKind.Issuer &&
      issuer.issuerNamespace &&
      ns &&
      ns !== issuer.issuerNamespace
    ) {
      p.add(
        `${P}.issuer`,
        `the Issuer "${issuer.issuerName}" serves namespace "${issuer.issuerNamespace}" only but the Certificate is in "${ns}"`,
        `create the Certificate in "${issuer.issuerNamespace}" or use a ClusterIssuer`,
      );
    }
    return;
  }
  if (!issuer.name) {
    p.add(`${P}.issuer.name`, `empty`, `name the Issuer or ClusterIssuer to use`);
  }
  const kinds = Object.values(IssuerKind) as string[];
  if (!kinds.includes(issuer.kind)) {
    p.add(
      `${P}.issuer.kind`,
      `"${issuer.kind}" is not an issuer kind`,
      `use "ClusterIssuer" or "Issuer"`,
    );
  }
}

function nameProblems(p: Problems, args: CertificateArgs): void {
  for (const field of ["secretName", "certificateName"] as const) {
    const value = str(args[field]);
    if (value !== undefined && !isDns1123Subdomain(value)) {
      p.add(
        `${P}.${field}`,
        `"${value}" is not a valid Kubernetes name`,
        `use lower-case letters, digits, "-" and "." (at most 253 characters)`,
      );
    }
  }
  const ns = str(args.namespace);
  if (ns !== undefined && !isDns1123Label(ns)) {
    p.add(
      `${P}.namespace`,
      `"${ns}" is not a valid namespace name`,
      `use lower-case letters, digits and "-" (at most 63 characters)`,
    );
  }
  const cn = str(args.commonName);
  if (cn !== undefined) {
    if (cn.length > 64) {
      p.add(
        `${P}.commonName`,
        `${cn.length} characters, over the 64 X.509 allows`,
        `drop commonName, dnsNames are enough`,
      );
    } else if (
      Array.isArray(args.dnsNames) &&
      (args.dnsNames as unknown[]).every(isKnown) &&
      !(args.dnsNames as unknown[]).includes(cn)
    ) {
      p.add(
        `${P}.commonName`,
        `"${cn}" is not one of dnsNames`,
        `add it to dnsNames or drop commonName`,
      );
    }
  }
}

function lifetimeProblems(p: Problems, args: CertificateArgs): void {
  let durationMs: number | undefined = 2160 * MIN_DURATION_MS;
  const duration = str(args.duration);
  if (args.duration !== undefined && !isKnown(args.duration)) durationMs = undefined;
  if (duration !== undefined) {
    durationMs = parseGoDuration(duration);
    if (durationMs === undefined) {
      p.add(
        `${P}.duration`,
        `"${duration}" is not a Go duration`,
        `write hours and minutes, e.g. "2160h" for 90 days`,
      );
    } else if (durationMs < MIN_DURATION_MS) {
      p.add(
        `${P}.duration`,
        `"${duration}" is shorter than cert-manager's minimum of 1h`,
        `ask for at least "1h"`,
      );
      durationMs = undefined;
    }
  }
  const renewBefore = str(args.renewBefore);
  if (renewBefore !== undefined) {
    const ms = parseGoDuration(renewBefore);
    if (ms === undefined) {
      p.add(
        `${P}.renewBefore`,
        `"${renewBefore}" is not a Go duration`,
        `write hours and minutes, e.g. "720h" for 30 days`,
      );
    } else if (ms < MIN_RENEW_BEFORE_MS) {
      p.add(
        `${P}.renewBefore`,
        `"${renewBefore}" is under cert-manager's minimum of 5m`,
        `renew at least "5m" before expiry`,
      );
    } else if (durationMs !== undefined && ms >= durationMs) {
      p.add(
        `${P}.renewBefore`,
        `"${renewBefore}" is not shorter than the duration "${duration ?? "2160h"}"`,
        `renew before the certificate ends, e.g. a third of its lifetime`,
      );
    }
  }
  if (args.renewBefore !== undefined && args.renewBeforePercentage !== undefined) {
    p.add(`${P}.renewBeforePercentage`, `set together with renewBefore`, `keep only one of them`);
  }
  const pct = num(args.renewBeforePercentage);
  if (pct !== undefined && (!Number.isInteger(pct) || pct < 1 || pct > 99)) {
    p.add(
      `${P}.renewBeforePercentage`,
      `${pct} is not a whole number from 1 to 99`,
      `e.g. 33 renews when a third of the lifetime is left`,
    );
  }
}

function keyProblems(p: Problems, key: CertificatePrivateKeyArgs | undefined): void {
  if (!key) return;
  const algorithm = key.algorithm === undefined ? PrivateKeyAlgorithm.ECDSA : str(key.algorithm);
  const algorithms = Object.values(PrivateKeyAlgorithm) as string[];
  if (algorithm !== undefined && !algorithms.includes(algorithm)) {
    p.add(
      `${P}.privateKey.algorithm`,
      `"${algorithm}" is not supported`,
      `use "ECDSA", "RSA" or "Ed25519"`,
    );
  }
  const size = num(key.size);
  if (size !== undefined && algorithm === PrivateKeyAlgorithm.Ed25519) {
    p.add(`${P}.privateKey.size`, `Ed25519 keys have a fixed size`, `drop size`);
  } else if (size !== undefined && algorithm !== undefined && algorithms.includes(algorithm)) {
    const sizes = PRIVATE_KEY_SIZES[algorithm as PrivateKeyAlgorithm];
    if (!sizes.includes(size)) {
      p.add(
        `${P}.privateKey.size`,
        `${size} is not a key size tls-edge issues for ${algorithm}`,
        `use ${sizes.join(", ").replace(/, (\d+)$/, " or $1")}`,
      );
    }
  }
  const encoding = str(key.encoding);
  if (
    encoding !== undefined &&
    !(Object.values(PrivateKeyEncoding) as string[]).includes(encoding)
  ) {
    p.add(`${P}.privateKey.encoding`, `"${encoding}" is not supported`, `use "PKCS1" or "PKCS8"`);
  }
}

function otherProblems(p: Problems, args: CertificateArgs): void {
  if (Array.isArray(args.usages)) {
    const usages = Object.values(KeyUsage) as string[];
    (args.usages as unknown[]).forEach((u, i) => {
      if (typeof u === "string" && !usages.includes(u)) {
        p.add(
          `${P}.usages[${i}]`,
          `"${u}" is not a cert-manager key usage`,
          `use one of KeyUsage, e.g. "server auth", "client auth", "digital signature"`,
        );
      }
    });
  }
  const limit = num(args.revisionHistoryLimit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) {
    p.add(
      `${P}.revisionHistoryLimit`,
      `${limit} is not a whole number of at least 1`,
      `keep at least 1 CertificateRequest`,
    );
  }
  const annotations = args.secretTemplate?.annotations;
  if (annotations && isKnown<Record<string, unknown>>(annotations)) {
    for (const key of Object.keys(annotations)) {
      if (key.startsWith("cert-manager.io/")) {
        p.add(
          `${P}.secretTemplate.annotations["${key}"]`,
          `cert-manager.io/ annotations are reserved for cert-manager`,
          `use another prefix`,
        );
      }
    }
  }
}
