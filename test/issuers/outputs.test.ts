/**
 * Issuers given Outputs: URLs, e-mail, paths and names known only at deployment are checked
 * then, with the construction-time messages (secret values shown as [secret]), and `render` and
 * `policy` fail naming them; arguments that decide the issuer's kind and names refuse Outputs.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { failsOnceKnown } from "../helpers/offline-cli";
import { settle, useMocks } from "../helpers/mocks";

const engine = useMocks();
const PROGRAM = join(__dirname, "output-args-program.ts");

describe("issuer arguments known only at deployment", () => {
  const failing: [string, string][] = [
    [
      "acme-server-output-http",
      `AcmeIssuerArgs.server: "http://acme.example.com/directory" is not an https URL; give the CA's ACME directory URL`,
    ],
    [
      "acme-server-output-zerossl",
      `AcmeIssuerArgs.externalAccountBinding: "https://acme.zerossl.com/v2/DV90" requires external account binding; add externalAccountBinding with the key ID and HMAC key from the CA's console`,
    ],
    [
      "acme-email-secret",
      "AcmeIssuerArgs.email: [secret] is not an e-mail address; give an address or omit email",
    ],
    [
      "acme-ca-bundle-output-pem",
      "AcmeIssuerArgs.caBundle: is not base64 of PEM certificates; give the CA certificates as base64 of their PEM text (base64 -w0 ca.pem)",
    ],
    [
      "acme-staging-server-output-same",
      `AcmeIssuerArgs.stagingServer: "https://127.0.0.1:14000/dir" is the issuer's own directory; give the CA's staging directory, or drop stagingServer`,
    ],
    [
      "acme-class-output-empty",
      `AcmeIssuerArgs.http01.ingressClassName: is empty; name the IngressClass of the controller that serves port 80, e.g. "traefik"`,
    ],
    [
      "internal-ca-name-output-empty",
      `InternalCaArgs.subject.commonName: is empty; name the CA, e.g. "Example Corp internal root CA"`,
    ],
    [
      "vault-path-output-empty",
      `VaultIssuerArgs.path: is empty; give the PKI signing path, e.g. "pki_int/sign/example-dot-com"`,
    ],
    [
      "venafi-url-output-http",
      `VenafiIssuerArgs.tpp.url: "http://tpp.example.com/vedsdk" is not an https URL; give the TPP SDK URL, e.g. "https://tpp.example.com/vedsdk"`,
    ],
  ];
  failsOnceKnown(PROGRAM, failing);
});

describe("issuer arguments that must be plain", () => {
  const why =
    "pass it as a plain value: the issuer's kind, object names and Secrets are decided from it at construction";
  it("refuses a namespace, an environment or a Secret name given as an Output", async () => {
    const pulumi = await import("@pulumi/pulumi");
    const issuers = await import("../../components/issuers/index.js");
    const out = <T>(v: T): T => pulumi.output(v) as unknown as T;
    const before = engine.resources.length;
    assert.throws(() => new issuers.InternalCa("ca", { namespace: out("shop") }), {
      message: `InternalCaArgs.namespace: is an Output (or a Promise), where a plain value is needed; ${why}`,
    });
    assert.throws(
      () =>
        new issuers.AcmeIssuer("acme", {
          environment: out("staging" as const),
          privateKeySecretName: out("acme-key"),
          http01: { ingressClassName: "traefik" },
        }),
      {
        message: [
          `AcmeIssuerArgs.environment: is an Output (or a Promise), where a plain value is needed; ${why}`,
          `AcmeIssuerArgs.privateKeySecretName: is an Output (or a Promise), where a plain value is needed; ${why}`,
        ].join("\n"),
      },
    );
    assert.throws(
      () =>
        new issuers.VaultIssuer("vault", {
          server: "https://vault.example.com",
          path: "pki/sign/x",
          auth: out({ token: "t" }),
        }),
      {
        message: `VaultIssuerArgs.auth: is an Output (or a Promise), where a plain value is needed; ${why}`,
      },
    );
    assert.throws(() => new issuers.SelfSignedIssuer("self", { issuerName: out("self") }), {
      message: `SelfSignedIssuerArgs.issuerName: is an Output (or a Promise), where a plain value is needed; ${why}`,
    });
    await settle();
    assert.equal(engine.resources.length, before);
  });
});
