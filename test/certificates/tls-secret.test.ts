import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { X509Certificate } from "node:crypto";
import { useMocks, checkAll, inputsOf, settle } from "../helpers/mocks";
import { isSecretValue } from "../../cli/offline/engine-wire";
import { assertSecretOutputs, isSecretOutput } from "../helpers/secrets";
import { Pki, type Issued } from "../helpers/pki";

const engine = useMocks({ preview: false });
type Pulumi = typeof import("@pulumi/pulumi");
type Certificates = typeof import("../../components/certificates/index.js");
type Args = import("../../components/certificates/index.js").TlsSecretArgs;
let pulumi: Pulumi;
let TlsSecret: Certificates["TlsSecret"];
let validateTlsSecretArgs: Certificates["validateTlsSecretArgs"];

const SECRET = "kubernetes:core/v1:Secret";
const COMPONENT = "tls-edge:certificates:TlsSecret";
const iso = (pem: string) => new Date(new X509Certificate(pem).validTo).toISOString();

function valueOf<T>(output: import("@pulumi/pulumi").Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

describe("TlsSecret", () => {
  const pki = new Pki();
  let root: Issued,
    intermediate: Issued,
    leaf: Issued,
    other: Issued,
    expired: Issued,
    soon: Issued;
  const warnings: string[] = [];
  before(async () => {
    pulumi = await import("@pulumi/pulumi");
    ({ TlsSecret, validateTlsSecretArgs } = await import("../../components/certificates/index.js"));
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
    expired = pki.leaf("old", intermediate, {
      cn: "old.example.com",
      sans: ["old.example.com"],
      notBeforeHours: -2 * 24,
      notAfterHours: -24,
    });
    soon = pki.leaf("soon", intermediate, {
      cn: "soon.example.com",
      sans: ["soon.example.com"],
      notAfterHours: 10 * 24,
    });
    // Record warnings instead of printing them; the component looks the function up per call.
    (pulumi.log as { warn: (msg: string) => Promise<void> }).warn = async (msg: string) => {
      warnings.push(msg);
    };
  });
  after(() => pki.dispose());

  const base = (over: Partial<Args> = {}): Args => ({
    certificatePem: leaf.cert + intermediate.cert,
    privateKeyPem: leaf.key,
    secretName: "shop-tls",
    namespace: "shop",
    ...over,
  });

  it("writes a kubernetes.io/tls Secret with secret data, parented to the component", async () => {
    const tls = new TlsSecret(
      "shop",
      base({
        caPem: root.cert,
        requiredDnsNames: ["shop.example.com", "api.shop.example.com"],
        labels: { team: "shop" },
      }),
    );
    await settle();
    const component = engine.named("shop");
    assert.equal(component.type, COMPONENT);
    const secret = engine.named("shop-secret");
    assert.equal(secret.type, SECRET);
    assert.equal(secret.parent, component.urn);
    assert.deepEqual(
      engine.childrenOf(component.urn).map((r) => r.name),
      ["shop-secret"],
    );
    assert.ok(
      isSecretValue(secret.inputs["stringData"]),
      "stringData reaches the engine as a secret",
    );
    assert.deepEqual(inputsOf(engine, "shop-secret"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "shop-tls", namespace: "shop", labels: { team: "shop" } },
      type: "kubernetes.io/tls",
      stringData: {
        "tls.crt": leaf.cert + intermediate.cert,
        "tls.key": leaf.key,
        "ca.crt": root.cert,
      },
    });
    assert.equal(await valueOf(tls.secretName), "shop-tls");
    assert.equal(await valueOf(tls.daysLeft), 89);
    assert.equal(await valueOf(tls.notAfter), iso(leaf.cert));
    assert.equal(await valueOf(tls.subject), "CN=shop.example.com");
    assert.deepEqual(await valueOf(tls.dnsNames), ["shop.example.com", "*.shop.example.com"]);
    for (const name of ["secretName", "daysLeft", "notAfter", "subject", "dnsNames"] as const) {
      const value = JSON.stringify(
        await valueOf(tls[name] as import("@pulumi/pulumi").Output<unknown>),
      );
      assert.ok(!value.includes("PRIVATE KEY"), `${name} carries no key`);
      assert.equal(await isSecretOutput(tls[name]), false, `${name} is a plain fact`);
    }
    assert.deepEqual(warnings, []);
    await checkAll(engine);
  });

  it("keeps a secret key secret when the PEM values are Outputs, with the same result", async () => {
    const tls = new TlsSecret(
      "late",
      base({
        certificatePem: pulumi.output(leaf.cert),
        privateKeyPem: pulumi.secret(leaf.key),
        secretName: "late-tls",
      }),
    );
    await settle();
    const secret = engine.named("late-secret");
    assert.ok(isSecretValue(secret.inputs["stringData"]));
    assert.deepEqual(inputsOf(engine, "late-secret"), {
      apiVersion: "v1",
      kind: "Secret",
      metadata: { name: "late-tls", namespace: "shop" },
      type: "kubernetes.io/tls",
      stringData: { "tls.crt": leaf.cert, "tls.key": leaf.key },
    });
    assert.equal(await valueOf(tls.daysLeft), 89);
    await assert.rejects(assertSecretOutputs(tls, ["daysLeft"]), /outputs not secret: daysLeft/);
    await checkAll(engine);
  });

  it("keeps the leaf facts secret when the certificate itself was passed as a secret", async () => {
    const tls = new TlsSecret(
      "hidden",
      base({ certificatePem: pulumi.secret(leaf.cert), secretName: "hidden-tls" }),
    );
    await settle();
    await assertSecretOutputs(tls, ["daysLeft", "notAfter", "subject", "dnsNames"]);
    assert.equal(await valueOf(tls.subject), "CN=shop.example.com");
    await checkAll(engine);
  });

  it("warns when the leaf has under 30 days left", async () => {
    const tls = new TlsSecret(
      "soon",
      base({ certificatePem: soon.cert, privateKeyPem: soon.key, secretName: "soon-tls" }),
    );
    await settle();
    assert.equal(await valueOf(tls.daysLeft), 9);
    assert.deepEqual(warnings, [
      `certificate "CN=soon.example.com" expires in 9 days (${iso(soon.cert)}); renew it and update certificatePem`,
    ]);
    await checkAll(engine);
  });

  describe("rejects bad PEM input with one error and registers nothing", () => {
    const P = "TlsSecretArgs";
    const cases: [string, () => Partial<Args>, () => string[]][] = [
      [
        "a key that does not match the leaf",
        () => ({ privateKeyPem: other.key }),
        () => [
          `${P}.privateKeyPem: does not match the public key of certificate 0 "CN=shop.example.com"; pass the key the leaf certificate was issued for`,
        ],
      ],
      [
        "a chain out of order",
        () => ({ certificatePem: intermediate.cert + leaf.cert }),
        () => [
          `${P}.certificatePem[1]: "CN=shop.example.com" is not the issuer of certificate 0 "CN=Test Intermediate"; order the bundle leaf first, then each certificate's issuer`,
          `${P}.privateKeyPem: does not match the public key of certificate 0 "CN=Test Intermediate"; pass the key the leaf certificate was issued for`,
        ],
      ],
      [
        "an expired leaf",
        () => ({ certificatePem: expired.cert, privateKeyPem: expired.key }),
        () => [
          `${P}.certificatePem[0]: "CN=old.example.com" expired on ${iso(expired.cert)}; renew it and pass the new certificate`,
        ],
      ],
      [
        "text that is not a certificate, and a key that is not a key",
        () => ({ certificatePem: "hello", privateKeyPem: "world" }),
        () => [
          `${P}.certificatePem: no "-----BEGIN CERTIFICATE-----" block found; pass PEM text, the leaf certificate first, then its chain`,
          `${P}.privateKeyPem: not a PEM private key; pass an unencrypted PKCS#8, PKCS#1 or SEC1 key`,
        ],
      ],
      [
        "the key pasted into the certificate bundle",
        () => ({ certificatePem: leaf.cert + leaf.key }),
        () => [
          `${P}.certificatePem[1]: a private key has no place in a certificate bundle; pass it in privateKeyPem only`,
        ],
      ],
      [
        "a CA that did not sign the chain, and a name not covered",
        () => ({ caPem: other.cert, requiredDnsNames: ["shop.example.org"] }),
        () => [
          `${P}.caPem: no certificate in it issued "CN=Test Intermediate", the last certificate of the chain; pass the CA that signed it`,
          `${P}.requiredDnsNames[0]: "shop.example.org" is not covered by the certificate (it names shop.example.com, *.shop.example.com); pass a certificate that includes it or drop the name`,
        ],
      ],
      [
        "missing names",
        () => ({ secretName: "", namespace: undefined as never }),
        () => [`${P}.secretName: missing; pass it`, `${P}.namespace: missing; pass it`],
      ],
    ];
    for (const [title, over, problems] of cases) {
      it(title, async () => {
        await settle();
        const before = engine.resources.length;
        const args = base(over());
        const expected = `invalid TlsSecret arguments:\n  ${problems().join("\n  ")}`;
        assert.throws(() => validateTlsSecretArgs(args), { message: expected });
        assert.throws(() => new TlsSecret("bad", args), { message: expected });
        assert.ok(!expected.includes("PRIVATE KEY-----"), "the message never echoes key material");
        await settle();
        assert.equal(engine.resources.length, before);
        await checkAll(engine);
      });
    }
  });
});
