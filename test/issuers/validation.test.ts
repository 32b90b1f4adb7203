import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, settle, checkAll } from "../helpers/mocks";
import { fakeDns01, ROUTE53, CLOUDFLARE } from "./fake-dns01";

const engine = useMocks();

type Issuers = typeof import("../../components/issuers/index.js");

/** One invalid input: how to build it, and the exact error message. */
interface Case {
  readonly title: string;
  readonly build: (issuers: Issuers, name: string) => unknown;
  readonly message: string;
}

const LE = "https://acme-v02.api.letsencrypt.org/directory";
const http01 = { ingressClassName: "traefik" };

const cases: Case[] = [
  {
    title: "ACME: environment and server together",
    build: (i, n) => new i.AcmeIssuer(n, { environment: "production", server: LE, http01 }),
    message:
      "AcmeIssuerArgs.server: is set together with environment; set environment for Let's Encrypt or server for another CA, not both",
  },
  {
    title: "ACME: no directory and no solver",
    build: (i, n) => new i.AcmeIssuer(n, {}),
    message: [
      'AcmeIssuerArgs.environment: neither environment nor server is set; set environment to "staging" or "production" for Let\'s Encrypt, or server to a directory URL',
      "AcmeIssuerArgs.dns01: the issuer has no solver, so no challenge can be answered; add a DNS-01 solver (Route53Dns01, CloudflareDns01, Rfc2136Dns01) or an http01 ingress class",
    ].join("\n"),
  },
  {
    title: "ACME: plain-http server and a malformed e-mail",
    build: (i, n) =>
      new i.AcmeIssuer(n, { server: "http://pebble:14000/dir", email: "ops-at-example", http01 }),
    message: [
      'AcmeIssuerArgs.server: "http://pebble:14000/dir" is not an https URL; give the CA\'s ACME directory URL',
      'AcmeIssuerArgs.email: "ops-at-example" is not an e-mail address; give an address or omit email',
    ].join("\n"),
  },
  {
    title: "ACME: external account binding on Let's Encrypt",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        environment: "staging",
        externalAccountBinding: { keyId: "kid", hmacKey: "abc" },
        http01,
      }),
    message:
      "AcmeIssuerArgs.externalAccountBinding: Let's Encrypt does not use external account binding; remove it, or set server to the directory of the CA that issued the key",
  },
  {
    title: "ACME: ZeroSSL without external account binding",
    build: (i, n) => new i.AcmeIssuer(n, { server: "https://acme.zerossl.com/v2/DV90", http01 }),
    message:
      'AcmeIssuerArgs.externalAccountBinding: "https://acme.zerossl.com/v2/DV90" requires external account binding; add externalAccountBinding with the key ID and HMAC key from the CA\'s console',
  },
  {
    title: "ACME: padded HMAC key",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        server: "https://acme.zerossl.com/v2/DV90",
        externalAccountBinding: { keyId: "kid", hmacKey: "c2VjcmV0+/==" },
        http01,
      }),
    message:
      "AcmeIssuerArgs.externalAccountBinding.hmacKey: is not unpadded base64url; paste the HMAC key exactly as the CA shows it (letters, digits, '-' and '_', no '=')",
  },
  {
    title: "ACME: a staging twin for a staging issuer",
    build: (i, n) => new i.AcmeIssuer(n, { environment: "staging", stagingTwin: true, http01 }),
    message:
      'AcmeIssuerArgs.stagingTwin: only a Let\'s Encrypt production issuer or one with stagingServer has a staging twin; set environment to "production", give stagingServer, or remove stagingTwin',
  },
  {
    title: "ACME: a staging server beside environment, and a CA bundle that is PEM, not base64",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        environment: "production",
        stagingServer: "https://127.0.0.1:14001/dir",
        caBundle: "-----BEGIN CERTIFICATE-----",
        http01,
      }),
    message: [
      "AcmeIssuerArgs.stagingServer: is set together with environment; drop it: a Let's Encrypt production issuer gets its staging twin by itself",
      "AcmeIssuerArgs.caBundle: is not base64 of PEM certificates; give the CA certificates as base64 of their PEM text (base64 -w0 ca.pem)",
    ].join("\n"),
  },
  {
    title: "ACME: a staging server that is the issuer's own directory, or plain http",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        server: "https://127.0.0.1:14000/dir",
        stagingServer: "https://127.0.0.1:14000/dir/",
        caBundle: Buffer.from("not a certificate").toString("base64"),
        http01,
      }),
    message: [
      "AcmeIssuerArgs.stagingServer: \"https://127.0.0.1:14000/dir/\" is the issuer's own directory; give the CA's staging directory, or drop stagingServer",
      "AcmeIssuerArgs.caBundle: is not base64 of PEM certificates; give the CA certificates as base64 of their PEM text (base64 -w0 ca.pem)",
    ].join("\n"),
  },
  {
    title: "ACME: a plain-http staging server, and one with stagingTwin: false",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        server: "https://127.0.0.1:14000/dir",
        stagingServer: "http://127.0.0.1:14001/dir",
        stagingTwin: false,
        http01,
      }),
    message: [
      "AcmeIssuerArgs.stagingServer: is set while stagingTwin is false; drop stagingServer or stagingTwin: false",
      'AcmeIssuerArgs.stagingServer: "http://127.0.0.1:14001/dir" is not an https URL; give the CA\'s staging ACME directory URL',
    ].join("\n"),
  },
  {
    title: "ACME: two DNS-01 solvers for one zone",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        environment: "production",
        dns01: [
          fakeDns01(["example.com"], ROUTE53),
          fakeDns01(["example.org", "example.com"], CLOUDFLARE),
        ],
      }),
    message:
      'AcmeIssuerArgs.dns01[1].dnsZones[1]: zone "example.com" is already served by dns01[0]; serve each zone from one DNS-01 solver',
  },
  {
    title: "ACME: a catch-all DNS-01 solver next to HTTP-01, and an empty ingress class",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        environment: "production",
        dns01: [fakeDns01([], ROUTE53)],
        http01: { ingressClassName: " " },
      }),
    message: [
      "AcmeIssuerArgs.dns01[0]: serves every zone and the http01 solver has no selector either, so the choice between them is ambiguous; give the DNS-01 solver its zones, or drop http01",
      'AcmeIssuerArgs.http01.ingressClassName: is empty; name the IngressClass of the controller that serves port 80, e.g. "traefik"',
    ].join("\n"),
  },
  {
    title: "ACME: invalid namespace, issuer name and account key Secret name",
    build: (i, n) =>
      new i.AcmeIssuer(n, {
        namespace: "Team_A",
        issuerName: "LE Prod",
        privateKeySecretName: "-key",
        environment: "staging",
        http01,
      }),
    message: [
      "AcmeIssuerArgs.namespace: \"Team_A\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer",
      "AcmeIssuerArgs.issuerName: \"LE Prod\" is not a valid object name; use lower-case letters, digits, '-' and '.', or omit it to use the component name",
      "AcmeIssuerArgs.privateKeySecretName: \"-key\" is not a valid Secret name; use lower-case letters, digits, '-' and '.'",
    ].join("\n"),
  },
  {
    title: "InternalCa: unknown key type, too short a life, renewal past the lifetime",
    build: (i, n) =>
      new i.InternalCa(n, {
        keyAlgorithm: "DSA_1024" as never,
        validityHours: 12,
        earlyRenewalHours: 48,
        subject: { commonName: "" },
      }),
    message: [
      'InternalCaArgs.keyAlgorithm: "DSA_1024" is not a supported key type; use one of ECDSA_P256, ECDSA_P384, RSA_3072, RSA_4096',
      "InternalCaArgs.validityHours: 12 is not a whole number of hours of at least 24; give the CA a lifetime in hours, e.g. 87600 for 10 years",
      "InternalCaArgs.earlyRenewalHours: 48 is not between 0 and validityHours (12); renew some time before expiry, less than the certificate's lifetime",
      'InternalCaArgs.subject.commonName: is empty; name the CA, e.g. "Example Corp internal root CA"',
    ].join("\n"),
  },
  {
    title: "SelfSignedIssuer: invalid namespace",
    build: (i, n) => new i.SelfSignedIssuer(n, { namespace: "kube_system" }),
    message:
      "SelfSignedIssuerArgs.namespace: \"kube_system\" is not a valid namespace name; use lower-case letters, digits and '-', at most 63 characters, or omit it for a ClusterIssuer",
  },
  {
    title: "Vault: no login method",
    build: (i, n) =>
      new i.VaultIssuer(n, { server: "https://vault:8200", path: "pki/sign/x", auth: {} }),
    message:
      "VaultIssuerArgs.auth: sets no login method; set exactly one of token, appRole, kubernetes",
  },
  {
    title: "Vault: two login methods, two CA bundles, an http server and an empty path",
    build: (i, n) =>
      new i.VaultIssuer(n, {
        server: "http://vault:8200",
        path: "",
        caBundle: "LS0t",
        caBundleSecretRef: { name: "vault-ca", key: "ca.crt" },
        auth: { token: "t", appRole: { roleId: "r", secretId: "s" } },
      }),
    message: [
      'VaultIssuerArgs.server: "http://vault:8200" is not an https URL; give Vault\'s address, e.g. "https://vault.example.com:8200"',
      'VaultIssuerArgs.path: is empty; give the PKI signing path, e.g. "pki_int/sign/example-dot-com"',
      "VaultIssuerArgs.caBundleSecretRef: is set together with caBundle; give the CA bundle one way, not both",
      "VaultIssuerArgs.auth: sets token and appRole; set exactly one of token, appRole, kubernetes",
    ].join("\n"),
  },
  {
    title: "Vault: Kubernetes auth with a relative mount path, a bad account name, a bad bundle",
    build: (i, n) =>
      new i.VaultIssuer(n, {
        server: "https://vault:8200",
        path: "pki/sign/x",
        caBundle: "not base64!",
        auth: {
          kubernetes: {
            role: "cm",
            mountPath: "auth/kubernetes",
            serviceAccountRef: { name: "Vault Issuer" },
          },
        },
      }),
    message: [
      "VaultIssuerArgs.caBundle: is not base64; base64-encode the PEM bundle, or use caBundleSecretRef",
      'VaultIssuerArgs.auth.kubernetes.serviceAccountRef.name: "Vault Issuer" is not a valid ServiceAccount name; name the ServiceAccount Vault\'s role is bound to',
      'VaultIssuerArgs.auth.kubernetes.mountPath: "auth/kubernetes" is not an absolute path; use the full path, e.g. "/v1/auth/kubernetes"',
    ].join("\n"),
  },
  {
    title: "Venafi: both TPP and Cloud",
    build: (i, n) =>
      new i.VenafiIssuer(n, {
        zone: "z",
        tpp: { url: "https://tpp/vedsdk", accessToken: "t" },
        cloud: { apiToken: "k" },
      }),
    message: "VenafiIssuerArgs.tpp: is set together with cloud; set exactly one of tpp and cloud",
  },
  {
    title: "Venafi: neither TPP nor Cloud, and an empty zone",
    build: (i, n) => new i.VenafiIssuer(n, { zone: "" }),
    message: [
      "VenafiIssuerArgs.zone: is empty; give the policy folder (TPP) or issuing template alias (Cloud)",
      "VenafiIssuerArgs.tpp: neither tpp nor cloud is set; set exactly one of tpp and cloud",
    ].join("\n"),
  },
  {
    title: "Venafi: TPP username without password, over plain http",
    build: (i, n) =>
      new i.VenafiIssuer(n, { zone: "z", tpp: { url: "http://tpp/vedsdk", username: "u" } }),
    message: [
      'VenafiIssuerArgs.tpp.url: "http://tpp/vedsdk" is not an https URL; give the TPP SDK URL, e.g. "https://tpp.example.com/vedsdk"',
      "VenafiIssuerArgs.tpp.password: is missing; set both username and password",
    ].join("\n"),
  },
  {
    title: "Venafi: TPP access token together with a password",
    build: (i, n) =>
      new i.VenafiIssuer(n, {
        zone: "z",
        tpp: { url: "https://tpp/vedsdk", accessToken: "t", username: "u", password: "p" },
      }),
    message:
      "VenafiIssuerArgs.tpp.accessToken: is set together with username/password; use either an access token or username and password",
  },
];

describe("issuer validation", () => {
  let issuers: Issuers;
  before(async () => {
    issuers = await import("../../components/issuers/index.js");
  });

  it("covers at least 12 distinct invalid inputs", () => {
    assert.ok(cases.length >= 12);
    assert.equal(new Set(cases.map((c) => c.message)).size, cases.length);
  });

  cases.forEach((c, index) => {
    it(`rejects ${c.title}, registering nothing`, async () => {
      await settle();
      const before = engine.resources.length;
      assert.throws(() => c.build(issuers, `invalid-${index}`), { message: c.message });
      await settle();
      assert.equal(engine.resources.length, before);
      assert.equal(engine.resources.filter((r) => r.name.startsWith(`invalid-${index}`)).length, 0);
    });
  });

  it("accepts the same shapes once fixed (the checks are not over-eager)", async () => {
    new issuers.VaultIssuer("valid-vault", {
      server: "https://vault:8200",
      path: "pki/sign/x",
      caBundle: "LS0t",
      auth: { token: "t" },
    });
    new issuers.AcmeIssuer("valid-acme", {
      environment: "production",
      dns01: [fakeDns01(["example.com"], ROUTE53), fakeDns01(["example.org"], CLOUDFLARE)],
      http01,
    });
    await checkAll(engine);
    assert.equal(
      engine.named("valid-vault-issuer").type,
      "kubernetes:cert-manager.io/v1:ClusterIssuer",
    );
    assert.equal(
      engine.named("valid-acme-issuer").type,
      "kubernetes:cert-manager.io/v1:ClusterIssuer",
    );
  });
});
