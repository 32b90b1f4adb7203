/**
 * Certificate components given Outputs. A TlsSecret key that does not match, passed as
 * `pulumi.secret(...)`, and Certificate values known only at deployment are checked then, with
 * the construction-time messages: `render` and `policy` fail naming them instead of exiting 0
 * with the object missing. In a preview, where the value is still unknown, the object is
 * registered (with unknown data) and the check waits for the deployment.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { failsOnceKnown, runCase } from "../helpers/offline-cli";
import { settle, useMocks } from "../helpers/mocks";
import { Pki, type Issued } from "../helpers/pki";

const engine = useMocks({ preview: true });
const PROGRAM = join(__dirname, "output-args-program.ts");

describe("certificate arguments known only at deployment", () => {
  const pki = new Pki();
  let leaf: Issued, other: Issued;
  before(() => {
    const root = pki.selfSigned("root", { cn: "Test Root", ca: true });
    leaf = pki.leaf("leaf", root, { cn: "shop.example.com", sans: ["shop.example.com"] });
    other = pki.leaf("other", root, { cn: "other.example.com", sans: ["other.example.com"] });
  });
  after(() => pki.dispose());

  for (const command of ["render", "policy"] as const) {
    it(`${command} fails for a TlsSecret key given as pulumi.secret that does not match`, () => {
      const run = runCase(PROGRAM, "tls-secret-secret-key", command, {
        TLS_EDGE_CERT: leaf.certFile,
        TLS_EDGE_KEY: other.keyFile,
      });
      assert.equal(run.status, 1, run.stdout);
      assert.equal(
        run.stderr,
        `tls-edge ${command}: outputs: invalid TlsSecret arguments:\n  TlsSecretArgs.privateKeyPem: does not match the public key of certificate 0 "CN=shop.example.com"; pass the key the leaf certificate was issued for\n`,
      );
      assert.ok(!`${run.stdout}${run.stderr}`.includes("PRIVATE KEY"));
    });
  }

  const failing: [string, string][] = [
    [
      "certificate-names-output-101",
      "CertificateArgs.dnsNames: 101 names, more than the 100 a certificate can carry; split them across several Certificates",
    ],
    [
      "certificate-common-name-secret",
      "CertificateArgs.commonName: [secret] is not one of dnsNames; add it to dnsNames or drop commonName",
    ],
    [
      "certificate-size-output",
      "CertificateArgs.privateKey.size: 1024 is not a key size tls-edge issues for RSA; use 2048, 3072 or 4096",
    ],
  ];
  failsOnceKnown(
    PROGRAM,
    failing.map(
      ([name, problem]) => [name, `invalid Certificate arguments:\n  ${problem}`] as const,
    ),
  );
});

describe("certificate arguments in a preview", () => {
  let pulumi: typeof import("@pulumi/pulumi");
  let certificates: typeof import("../../components/certificates/index.js");
  const pki = new Pki();
  let leaf: Issued;
  before(async () => {
    pulumi = await import("@pulumi/pulumi");
    certificates = await import("../../components/certificates/index.js");
    const root = pki.selfSigned("root", { cn: "Test Root", ca: true });
    leaf = pki.leaf("leaf", root, { cn: "shop.example.com", sans: ["shop.example.com"] });
  });
  after(() => pki.dispose());

  it("registers the TlsSecret's Secret when the key is unknown until deployment", async () => {
    new certificates.TlsSecret("later", {
      certificatePem: leaf.cert,
      privateKeyPem: pulumi.secret(pulumi.output(pulumi.unknown as unknown as string)),
      secretName: "later-tls",
      namespace: "shop",
    });
    await settle();
    const secret = engine.named("later-secret");
    assert.equal(secret.type, "kubernetes:core/v1:Secret");
  });

  it("registers the Certificate when its names are unknown until deployment", async () => {
    new certificates.Certificate("later", {
      dnsNames: pulumi.output(pulumi.unknown as unknown as string[]),
      secretName: "later-cert-tls",
      namespace: "shop",
      issuer: { name: "ca", kind: "ClusterIssuer" },
    });
    await settle();
    assert.equal(
      engine.named("later-certificate").type,
      "kubernetes:cert-manager.io/v1:Certificate",
    );
  });

  it("refuses an issuer given as an Output before registering anything", async () => {
    const before = engine.resources.length;
    assert.throws(
      () =>
        new certificates.Certificate("refused", {
          dnsNames: ["shop.example.com"],
          secretName: "refused-tls",
          namespace: "shop",
          issuer: pulumi.output({ name: "ca", kind: "ClusterIssuer" }) as never,
        }),
      {
        message:
          "invalid Certificate arguments:\n  CertificateArgs.issuer: is an Output (or a Promise), where a plain value is needed; pass it as a plain value (its fields may be Outputs): the Certificate's dependencies and spec layout are decided from it",
      },
    );
    await settle();
    assert.equal(engine.resources.length, before);
  });
});
