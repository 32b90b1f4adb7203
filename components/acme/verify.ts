/**
 * Checks on the certificate an ACME order returned, on node:crypto alone: every requested name
 * covered by the SANs, the leaf bound to the key we generated, each chain certificate signed by
 * the next, and a validity window that includes now.
 */
import { X509Certificate, createPrivateKey } from "node:crypto";

/** What the rehearsal reports about the certificate it obtained. */
export interface IssuedCertificate {
  /** ISO 8601. */
  readonly notAfter: string;
  /** Issuer of the leaf (its CN when present, else the whole DN). */
  readonly issuer: string;
  readonly sans: readonly string[];
  /** Number of certificates in the chain the CA returned, leaf included. */
  readonly chainLength: number;
}

/** Splits a PEM bundle into its certificates. */
export function splitPemChain(pem: string): string[] {
  return pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
}

/** DNS names in a certificate's subjectAltName. */
export function dnsSans(cert: X509Certificate): string[] {
  return (cert.subjectAltName ?? "")
    .split(/,\s*/)
    .filter((entry) => entry.startsWith("DNS:"))
    .map((entry) => entry.slice(4).toLowerCase());
}

function issuerName(cert: X509Certificate): string {
  const cn = /^CN=(.*)$/m.exec(cert.issuer);
  return cn ? cn[1]! : cert.issuer.replace(/\n/g, ", ");
}

/** Checks `chainPem` for `names` and `privateKeyPem`; throws one error listing every problem. */
export function verifyIssuedCertificate(
  chainPem: string,
  names: readonly string[],
  privateKeyPem: string,
  now: Date = new Date(),
): IssuedCertificate {
  const certs = splitPemChain(chainPem).map((pem) => new X509Certificate(pem));
  const leaf = certs[0];
  if (!leaf) throw new Error("the CA returned no certificate");
  const problems: string[] = [];
  const sans = dnsSans(leaf);
  for (const name of names) {
    if (!sans.includes(name.toLowerCase())) {
      problems.push(`${name} is not among the certificate's names (${sans.join(", ")})`);
    }
  }
  if (!leaf.checkPrivateKey(createPrivateKey(privateKeyPem))) {
    problems.push("the certificate does not match the key the rehearsal generated");
  }
  for (let i = 0; i + 1 < certs.length; i++) {
    const [cert, next] = [certs[i]!, certs[i + 1]!];
    if (!cert.checkIssued(next) || !cert.verify(next.publicKey)) {
      problems.push(`chain[${i}] (${cert.subject}) is not signed by chain[${i + 1}]`);
    }
  }
  if (new Date(leaf.validFrom) > now || new Date(leaf.validTo) < now) {
    problems.push(`the certificate is not valid now (${leaf.validFrom} to ${leaf.validTo})`);
  }
  if (problems.length > 0) throw new Error(`certificate check failed: ${problems.join("; ")}`);
  return {
    notAfter: new Date(leaf.validTo).toISOString(),
    issuer: issuerName(leaf),
    sans,
    chainLength: certs.length,
  };
}
