/**
 * PEM parsing and the checks a bring-your-own certificate needs, as pure functions on
 * `node:crypto`: split a bundle, parse it, check the chain order, match the key, count the days.
 * `TlsSecret` runs them at construction or inside `apply`; `tls-edge inspect` reuses them.
 */
import { X509Certificate, createPrivateKey, type KeyObject } from "node:crypto";
import { dnsNameCovers } from "../lib/hosts";

const DAY_MS = 86_400_000;

/** Days under which a certificate counts as expiring soon. */
export const EXPIRY_WARNING_DAYS = 30;

/** One `-----BEGIN <label>-----` block of a PEM text. */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `PRIVATE KEY`, `EC PRIVATE KEY`. */
  readonly label: string;
  /** The block itself, header and footer included. */
  readonly pem: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** The PEM blocks of a text, in order; text outside blocks is ignored. */
export function splitPem(text: string): PemBlock[] {
  return [...text.matchAll(BLOCK)].map((m) => ({ label: m[1]!, pem: `${m[0]}\n` }));
}

/** Whether a PEM label names private key material. */
export function isPrivateKeyLabel(label: string): boolean {
  return /(^|\s)PRIVATE KEY$/.test(label);
}

/** The result of parsing a certificate bundle: the certificates and what was wrong. */
export interface ParsedBundle {
  readonly certificates: X509Certificate[];
  readonly problems: string[];
}

/**
 * Parses a bundle of PEM certificates. `path` prefixes each problem (e.g.
 * `TlsSecretArgs.certificatePem`); `[i]` is the block's position in the bundle.
 */
export function parseCertificateBundle(text: string, path: string): ParsedBundle {
  const blocks = splitPem(text);
  const certificates: X509Certificate[] = [];
  const problems: string[] = [];
  if (blocks.length === 0) {
    problems.push(
      `${path}: no "-----BEGIN CERTIFICATE-----" block found; pass PEM text, the leaf certificate first, then its chain`,
    );
  }
  blocks.forEach((block, i) => {
    if (isPrivateKeyLabel(block.label)) {
      // Never echo the block: it is key material.
      problems.push(
        `${path}[${i}]: a private key has no place in a certificate bundle; pass it in privateKeyPem only`,
      );
    } else if (block.label !== "CERTIFICATE") {
      problems.push(
        `${path}[${i}]: a "${block.label}" block is not a certificate; pass only "CERTIFICATE" blocks`,
      );
    } else {
      try {
        certificates.push(new X509Certificate(block.pem));
      } catch {
        problems.push(
          `${path}[${i}]: not a valid X.509 certificate; pass the PEM text exactly as the CA issued it`,
        );
      }
    }
  });
  return { certificates, problems };
}

/** A certificate's subject on one line, e.g. `CN=a.example.com, O=Example`. */
export function subjectOf(certificate: X509Certificate): string {
  return certificate.subject.split("\n").join(", ");
}

/** The DNS names of a certificate's subjectAltName extension, in order. */
export function dnsNamesOf(certificate: X509Certificate): string[] {
  const san = certificate.subjectAltName;
  if (!san) return [];
  return san
    .split(", ")
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4));
}

/** When a certificate stops being valid. */
export function notAfterOf(certificate: X509Certificate): Date {
  return new Date(certificate.validTo);
}

/** Whole days left until `notAfter` (negative once expired). */
export function daysLeft(certificate: X509Certificate, now: Date): number {
  return Math.floor((notAfterOf(certificate).getTime() - now.getTime()) / DAY_MS);
}

/**
 * Problems with the order of a bundle: each certificate must be issued and signed by the one
 * after it.
 */
export function checkChainOrder(certificates: readonly X509Certificate[], path: string): string[] {
  const problems: string[] = [];
  for (let i = 0; i + 1 < certificates.length; i++) {
    const child = certificates[i]!;
    const parent = certificates[i + 1]!;
    if (!child.checkIssued(parent)) {
      problems.push(
        `${path}[${i + 1}]: "${subjectOf(parent)}" is not the issuer of certificate ${i} "${subjectOf(child)}"; order the bundle leaf first, then each certificate's issuer`,
      );
    } else if (!child.verify(parent.publicKey)) {
      problems.push(
        `${path}[${i}]: the signature of "${subjectOf(child)}" does not verify with the key of "${subjectOf(parent)}"; pass the chain the CA issued with this certificate`,
      );
    }
  }
  return problems;
}

/** Parses an unencrypted PEM private key; undefined when it is not one. */
export function parsePrivateKey(pem: string): KeyObject | undefined {
  try {
    return createPrivateKey({ key: pem, format: "pem" });
  } catch {
    return undefined;
  }
}

/** Whether the private key belongs to the certificate's public key. */
export function keyMatches(certificate: X509Certificate, key: KeyObject): boolean {
  return certificate.checkPrivateKey(key);
}

/** Problems with validity dates: expired or not yet valid. */
export function checkValidity(
  certificates: readonly X509Certificate[],
  path: string,
  now: Date,
): string[] {
  const problems: string[] = [];
  certificates.forEach((certificate, i) => {
    const notAfter = notAfterOf(certificate);
    const notBefore = new Date(certificate.validFrom);
    if (notAfter.getTime() <= now.getTime()) {
      problems.push(
        `${path}[${i}]: "${subjectOf(certificate)}" expired on ${notAfter.toISOString()}; renew it and pass the new certificate`,
      );
    } else if (notBefore.getTime() > now.getTime()) {
      problems.push(
        `${path}[${i}]: "${subjectOf(certificate)}" is not valid before ${notBefore.toISOString()}; check the clock of the CA or wait`,
      );
    }
  });
  return problems;
}

/** What a checked bundle's leaf says about itself; no key material. */
export interface CertificateInfo {
  readonly subject: string;
  readonly dnsNames: string[];
  /** ISO 8601. */
  readonly notAfter: string;
  readonly daysLeft: number;
}

export interface TlsBundleInput {
  /** Leaf first, then the chain. */
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly caPem?: string;
  /** Names the leaf must cover. */
  readonly requiredDnsNames?: readonly string[];
}

export interface TlsBundleCheck {
  /** Each `<property path>: <what is wrong>; <what to do instead>`. */
  readonly problems: string[];
  /** Facts about the leaf, when there is one. */
  readonly info?: CertificateInfo;
}

/**
 * Every check on a bring-your-own certificate: parse, chain order, CA, validity, key match and
 * required names. `prefix` names the args type in messages, e.g. `TlsSecretArgs`.
 */
export function checkTlsBundle(input: TlsBundleInput, prefix: string, now: Date): TlsBundleCheck {
  const certPath = `${prefix}.certificatePem`;
  const { certificates, problems } = parseCertificateBundle(input.certificatePem, certPath);
  problems.push(...checkChainOrder(certificates, certPath));
  problems.push(...checkValidity(certificates, certPath, now));

  const leaf = certificates[0];
  const key = parsePrivateKey(input.privateKeyPem);
  if (!key) {
    problems.push(
      `${prefix}.privateKeyPem: not a PEM private key; pass an unencrypted PKCS#8, PKCS#1 or SEC1 key`,
    );
  } else if (leaf && !keyMatches(leaf, key)) {
    problems.push(
      `${prefix}.privateKeyPem: does not match the public key of certificate 0 "${subjectOf(leaf)}"; pass the key the leaf certificate was issued for`,
    );
  }

  if (input.caPem !== undefined) {
    problems.push(...checkCa(certificates, input.caPem, `${prefix}.caPem`));
  }

  const names = leaf ? dnsNamesOf(leaf) : [];
  (input.requiredDnsNames ?? []).forEach((name, i) => {
    if (leaf && !names.some((have) => dnsNameCovers(have, name))) {
      problems.push(
        `${prefix}.requiredDnsNames[${i}]: "${name}" is not covered by the certificate (it names ${names.join(", ") || "no DNS names"}); pass a certificate that includes it or drop the name`,
      );
    }
  });

  if (!leaf) return { problems };
  return {
    problems,
    info: {
      subject: subjectOf(leaf),
      dnsNames: names,
      notAfter: notAfterOf(leaf).toISOString(),
      daysLeft: daysLeft(leaf, now),
    },
  };
}

/** The top of the chain must be a CA certificate itself or be issued by one. */
function checkCa(chain: readonly X509Certificate[], caPem: string, path: string): string[] {
  const { certificates: cas, problems } = parseCertificateBundle(caPem, path);
  const top = chain[chain.length - 1];
  if (!top || cas.length === 0) return problems;
  const anchored = cas.some(
    (ca) =>
      ca.fingerprint256 === top.fingerprint256 || (top.checkIssued(ca) && top.verify(ca.publicKey)),
  );
  if (!anchored) {
    problems.push(
      `${path}: no certificate in it issued "${subjectOf(top)}", the last certificate of the chain; pass the CA that signed it`,
    );
  }
  return problems;
}
