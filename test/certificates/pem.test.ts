import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import {
  checkChainOrder,
  checkTlsBundle,
  daysLeft,
  dnsNamesOf,
  parseCertificateBundle,
  parsePrivateKey,
  keyMatches,
  splitPem,
  subjectOf,
} from "../../components/certificates/pem";
import { Pki, type Issued } from "../helpers/pki";

const P = "TlsSecretArgs";
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString();

describe("pem checks on real certificates", () => {
  const pki = new Pki();
  let root: Issued, intermediate: Issued, leaf: Issued, other: Issued, expired: Issued;
  before(() => {
    root = pki.selfSigned("root", { cn: "Test Root", ca: true });
    intermediate = pki.intermediate("int", root, { cn: "Test Intermediate" });
    leaf = pki.leaf("leaf", intermediate, {
      cn: "shop.example.com",
      sans: ["shop.example.com", "*.shop.example.com"],
    });
    other = pki.leaf("other", intermediate, {
      cn: "other.example.com",
      sans: ["other.example.com"],
    });
    expired = pki.leaf("expired", intermediate, {
      cn: "old.example.com",
      sans: ["old.example.com"],
      notBeforeHours: -2 * 24,
      notAfterHours: -24,
    });
  });
  after(() => pki.dispose());

  it("splits a bundle into its blocks, ignoring text around them", () => {
    const blocks = splitPem(`subject=leaf\n${leaf.cert}junk\n${intermediate.cert}`);
    assert.deepEqual(
      blocks.map((b) => b.label),
      ["CERTIFICATE", "CERTIFICATE"],
    );
    assert.equal(new X509Certificate(blocks[1]!.pem).subject, "CN=Test Intermediate");
  });

  it("accepts a valid chain with its key and CA, and reports the leaf", () => {
    const now = new Date();
    const result = checkTlsBundle(
      {
        certificatePem: leaf.cert + intermediate.cert,
        privateKeyPem: leaf.key,
        caPem: root.cert,
        requiredDnsNames: ["shop.example.com", "api.shop.example.com"],
      },
      P,
      now,
    );
    assert.deepEqual(result.problems, []);
    assert.deepEqual(result.info, {
      subject: "CN=shop.example.com",
      dnsNames: ["shop.example.com", "*.shop.example.com"],
      notAfter: iso(leaf.cert),
      daysLeft: 89,
    });
  });

  it("counts days left from a given instant, negative once expired", () => {
    const cert = new X509Certificate(leaf.cert);
    const notAfter = new Date(cert.validTo).getTime();
    assert.equal(daysLeft(cert, new Date(notAfter - 10 * 86_400_000 - 1)), 10);
    assert.equal(daysLeft(cert, new Date(notAfter + 86_400_000)), -1);
    assert.deepEqual(dnsNamesOf(cert), ["shop.example.com", "*.shop.example.com"]);
    assert.equal(subjectOf(cert), "CN=shop.example.com");
  });

  it("finds a key that does not match the leaf", () => {
    assert.equal(keyMatches(new X509Certificate(leaf.cert), parsePrivateKey(other.key)!), false);
    assert.equal(keyMatches(new X509Certificate(leaf.cert), parsePrivateKey(leaf.key)!), true);
    const result = checkTlsBundle(
      { certificatePem: leaf.cert + intermediate.cert, privateKeyPem: other.key },
      P,
      new Date(),
    );
    assert.deepEqual(result.problems, [
      `${P}.privateKeyPem: does not match the public key of certificate 0 "CN=shop.example.com"; pass the key the leaf certificate was issued for`,
    ]);
  });

  it("finds a chain out of order", () => {
    const certs = parseCertificateBundle(
      intermediate.cert + leaf.cert,
      `${P}.certificatePem`,
    ).certificates;
    assert.deepEqual(checkChainOrder(certs, `${P}.certificatePem`), [
      `${P}.certificatePem[1]: "CN=shop.example.com" is not the issuer of certificate 0 "CN=Test Intermediate"; order the bundle leaf first, then each certificate's issuer`,
    ]);
    const skipped = parseCertificateBundle(leaf.cert + root.cert, "x").certificates;
    assert.deepEqual(checkChainOrder(skipped, "x"), [
      `x[1]: "CN=Test Root" is not the issuer of certificate 0 "CN=shop.example.com"; order the bundle leaf first, then each certificate's issuer`,
    ]);
  });

  it("finds an expired leaf", () => {
    const result = checkTlsBundle(
      { certificatePem: expired.cert, privateKeyPem: expired.key },
      P,
      new Date(),
    );
    assert.deepEqual(result.problems, [
      `${P}.certificatePem[0]: "CN=old.example.com" expired on ${iso(expired.cert)}; renew it and pass the new certificate`,
    ]);
  });

  it("finds what is not a certificate, and never echoes a key", () => {
    const garbage = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
    const csr = "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n";
    const path = `${P}.certificatePem`;
    assert.deepEqual(parseCertificateBundle("hello", path).problems, [
      `${path}: no "-----BEGIN CERTIFICATE-----" block found; pass PEM text, the leaf certificate first, then its chain`,
    ]);
    const { problems } = parseCertificateBundle(garbage + csr + leaf.key, path);
    assert.deepEqual(problems, [
      `${path}[0]: not a valid X.509 certificate; pass the PEM text exactly as the CA issued it`,
      `${path}[1]: a "CERTIFICATE REQUEST" block is not a certificate; pass only "CERTIFICATE" blocks`,
      `${path}[2]: a private key has no place in a certificate bundle; pass it in privateKeyPem only`,
    ]);
    const result = checkTlsBundle(
      { certificatePem: leaf.cert, privateKeyPem: "nope" },
      P,
      new Date(),
    );
    assert.deepEqual(result.problems, [
      `${P}.privateKeyPem: not a PEM private key; pass an unencrypted PKCS#8, PKCS#1 or SEC1 key`,
    ]);
  });

  it("checks the CA and the names the leaf must cover", () => {
    const stranger = pki.selfSigned("stranger", { cn: "Stranger Root", ca: true });
    const result = checkTlsBundle(
      {
        certificatePem: leaf.cert + intermediate.cert,
        privateKeyPem: leaf.key,
        caPem: stranger.cert,
        requiredDnsNames: ["a.b.shop.example.com"],
      },
      P,
      new Date(),
    );
    assert.deepEqual(result.problems, [
      `${P}.caPem: no certificate in it issued "CN=Test Intermediate", the last certificate of the chain; pass the CA that signed it`,
      `${P}.requiredDnsNames[0]: "a.b.shop.example.com" is not covered by the certificate (it names shop.example.com, *.shop.example.com); pass a certificate that includes it or drop the name`,
    ]);
  });
});
