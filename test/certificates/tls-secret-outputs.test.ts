/**
 * PEM values that are Outputs are checked inside `apply`: the program fails with the same
 * messages and the Secret is never registered. The program runs in a child process, because
 * failing is the point: Pulumi surfaces the error as the program's unhandled rejection.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { join } from "node:path";
import { Pki, type Issued } from "../helpers/pki";

const PROGRAM = join(__dirname, "output-pem-program.ts");

function run(cert: Issued, key: Issued): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ["--import", "tsx", PROGRAM], {
    env: { ...process.env, TLS_EDGE_CERT: cert.certFile, TLS_EDGE_KEY: key.keyFile },
    encoding: "utf8",
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("TlsSecret with Output PEM values", () => {
  const pki = new Pki();
  let leaf: Issued, other: Issued, expired: Issued;
  before(() => {
    const root = pki.selfSigned("root", { cn: "Test Root", ca: true });
    leaf = pki.leaf("leaf", root, { cn: "shop.example.com", sans: ["shop.example.com"] });
    other = pki.leaf("other", root, { cn: "other.example.com", sans: ["other.example.com"] });
    expired = pki.leaf("old", root, {
      cn: "old.example.com",
      sans: ["old.example.com"],
      notBeforeHours: -2 * 24,
      notAfterHours: -24,
    });
  });
  after(() => pki.dispose());

  it("registers the Secret when the values check out", () => {
    const { status, stdout } = run(leaf, leaf);
    assert.equal(status, 0);
    assert.deepEqual(JSON.parse(stdout), {
      types: ["tls-edge:certificates:TlsSecret", "kubernetes:core/v1:Secret"],
      checked: true,
    });
  });

  const cases: [string, () => [Issued, Issued], () => string][] = [
    [
      "a key that does not match",
      () => [leaf, other],
      () =>
        `TlsSecretArgs.privateKeyPem: does not match the public key of certificate 0 "CN=shop.example.com"; pass the key the leaf certificate was issued for`,
    ],
    [
      "an expired leaf",
      () => [expired, expired],
      () =>
        `TlsSecretArgs.certificatePem[0]: "CN=old.example.com" expired on ${new Date(new X509Certificate(expired.cert).validTo).toISOString()}; renew it and pass the new certificate`,
    ],
  ];
  for (const [title, pair, problem] of cases) {
    it(`fails the program for ${title} and registers no Secret`, () => {
      const [cert, key] = pair();
      const { status, stdout, stderr } = run(cert, key);
      assert.notEqual(status, 0);
      assert.ok(
        stderr.includes(`invalid TlsSecret arguments:\n  ${problem()}`),
        `stderr names the problem:\n${stderr.slice(0, 2000)}`,
      );
      assert.ok(!stderr.includes("PRIVATE KEY-----") && !stdout.includes("PRIVATE KEY-----"));
      assert.deepEqual(JSON.parse(stdout), {
        types: ["tls-edge:certificates:TlsSecret"],
        // What did register passes the schema and secrets checks.
        checked: true,
      });
    });
  }
});
