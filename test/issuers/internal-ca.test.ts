import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { useMocks, checkAll, inputsOf } from "../helpers/mocks";
import { assertSecretOutputs, isSecretOutput } from "../helpers/secrets";
import { assertSecretKeys } from "./secret-keys";

// Not a preview: the kubernetes SDK makes a Secret's stringData one secret, so during a preview a
// CA certificate not yet made leaves the whole map unknown; placeholders stand in for the PEMs.
const engine = useMocks({ preview: false });

const CLUSTER_ISSUER = "kubernetes:cert-manager.io/v1:ClusterIssuer";
const SECRET = "kubernetes:core/v1:Secret";

describe("InternalCa", () => {
  let issuers: typeof import("../../components/issuers/index.js");
  let cm: typeof import("../../components/cert-manager.js");
  let certManager: import("../../components/cert-manager.js").CertManager;
  let releaseUrn: string;
  before(async () => {
    issuers = await import("../../components/issuers/index.js");
    cm = await import("../../components/cert-manager.js");
    certManager = new cm.CertManager("cm", { namespace: "cert-manager" });
    releaseUrn = await new Promise((r) => certManager.release!.urn.apply(r));
  });

  it("InternalCa: ECDSA P-256 root, kubernetes.io/tls Secret, CA ClusterIssuer after cert-manager", async () => {
    const ca = new issuers.InternalCa("internal", { certManager, validityHours: 43800 });
    await checkAll(engine);
    const component = engine.named("internal");
    assert.equal(component.type, "tls-edge:issuers:InternalCa");
    const key = engine.named("internal-key");
    assert.equal(key.type, "tls:index/privateKey:PrivateKey");
    assert.equal(key.parent, component.urn);
    assert.deepEqual(inputsOf(engine, "internal-key"), { algorithm: "ECDSA", ecdsaCurve: "P256" });
    const cert = engine.named("internal-cert");
    assert.equal(cert.type, "tls:index/selfSignedCert:SelfSignedCert");
    const certInputs = inputsOf(engine, "internal-cert");
    assert.equal(certInputs["isCaCertificate"], true);
    assert.equal(certInputs["setSubjectKeyId"], true);
    assert.deepEqual(certInputs["allowedUses"], ["cert_signing", "crl_signing"]);
    assert.equal(certInputs["validityPeriodHours"], 43800);
    assert.equal(certInputs["earlyRenewalHours"], 8760);
    assert.deepEqual(certInputs["subject"], {
      commonName: "tls-edge internal root CA",
      organization: "tls-edge",
    });
    assert.ok(cert.dependencies.includes(key.urn));

    // The certificate the TLS provider made (offline, a placeholder shaped like a certificate).
    const caCertPem = await new Promise<string>((resolve) => ca.caCertPem.apply(resolve));
    assert.match(
      caCertPem,
      /^offline placeholder certificate for internal-cert\n-----BEGIN CERTIFICATE-----\n/,
    );
    const secret = engine.named("internal-secret");
    assert.equal(secret.type, SECRET);
    assertSecretKeys(secret, ["tls.crt", "tls.key", "ca.crt"]);
    assert.deepEqual(inputsOf(engine, "internal-secret"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "internal-ca", namespace: "cert-manager" },
      type: "kubernetes.io/tls",
      stringData: {
        "tls.crt": caCertPem,
        "tls.key":
          "-----BEGIN PRIVATE KEY-----\noffline placeholder private key for internal-key\n-----END PRIVATE KEY-----\n",
        "ca.crt": caCertPem,
      },
    });
    assert.ok(secret.dependencies.includes(releaseUrn));

    const issuer = engine.named("internal-issuer");
    assert.equal(issuer.type, CLUSTER_ISSUER);
    assert.deepEqual(inputsOf(engine, "internal-issuer"), {
      apiVersion: "cert-manager.io/v1",
      kind: "ClusterIssuer",
      metadata: { name: "internal" },
      spec: { ca: { secretName: "internal-ca" } },
    });
    assert.ok(issuer.dependencies.includes(releaseUrn));
    assert.ok(issuer.dependencies.includes(secret.urn));

    await assertSecretOutputs(ca, ["privateKeyPem"]);
    assert.equal(await isSecretOutput(ca.caCertPem), false, "the CA certificate is public");
    assert.equal(ca.supportsWildcards, true);
    assert.equal(ca.secretName, "internal-ca");
  });

  it("InternalCa: RSA key and custom subject", async () => {
    new issuers.InternalCa("corp", {
      keyAlgorithm: "RSA_4096",
      subject: { commonName: "Corp Root", organization: "Corp", organizationalUnit: "Platform" },
      secretName: "corp-root",
    });
    await checkAll(engine);
    assert.deepEqual(inputsOf(engine, "corp-key"), { algorithm: "RSA", rsaBits: 4096 });
    assert.deepEqual(inputsOf(engine, "corp-cert")["subject"], {
      commonName: "Corp Root",
      organization: "Corp",
      organizationalUnit: "Platform",
    });
    assert.deepEqual(inputsOf(engine, "corp-issuer")["spec"], {
      ca: { secretName: "corp-root" },
    });
  });
});
