/**
 * `provider: rfc2136` under issuer.acme.dns01, the TSIG secret as secret config
 * (`tls-edge:tsigSecret`), and the ACME CA bundle and staging directory of a private CA: parsed,
 * refused with the config key and the fix, and carried through `tls-edge render` as the issuer
 * and solver cert-manager gets, the secret masked.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { parseStackConfig } from "../../stacks/config";
import { offlineSecretPlaceholder } from "../../stacks/credentials";

const REPO = resolve(__dirname, "../..");
const SECRET = "q7SM5PY1xMH7vM+uJ0qkdGx3X8Eqb1rJ9b4cE1n2b6U=";
const PEM = "-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----";

const rfc2136 = {
  provider: "rfc2136",
  zones: ["lab.tls-edge.test"],
  nameserver: "127.0.0.1:5353",
  tsigKeyName: "tls-edge-lab",
  tsigAlgorithm: "HMACSHA256",
};
function raw(acme: Record<string, unknown> = {}, extra: Record<string, string> = {}) {
  return {
    "tls-edge:environment": "staging",
    "tls-edge:issuer": JSON.stringify({
      type: "acme",
      acme: { server: "https://127.0.0.1:14000/dir", dns01: [rfc2136], ...acme },
    }),
    "tls-edge:apps": JSON.stringify([
      { name: "web", hosts: ["web.lab.tls-edge.test"], service: { name: "web", port: 80 } },
    ]),
    ...extra,
  };
}
const SECRET_KEY = ["tls-edge:tsigSecret"];

function problems(
  r: Record<string, string>,
  secretKeys: string[] = [],
  options: { preview?: boolean } = {},
): string[] {
  try {
    parseStackConfig("lab", r, secretKeys, options);
  } catch (err) {
    return (err as Error).message
      .split("\n")
      .slice(1, -1)
      .map((l) => l.trim());
  }
  assert.fail("expected the configuration to be rejected");
}

describe("rfc2136 stack configuration", () => {
  it("parses the solver, the secret, a PEM CA bundle as base64 and the staging directory", () => {
    const config = parseStackConfig(
      "lab",
      raw(
        { stagingServer: "https://127.0.0.1:14001/dir", caBundle: PEM },
        { "tls-edge:tsigSecret": SECRET },
      ),
      SECRET_KEY,
    );
    assert.deepEqual(config.issuer.acme?.dns01, [rfc2136]);
    assert.equal(config.tsigSecret, SECRET);
    assert.equal(config.issuer.acme?.stagingServer, "https://127.0.0.1:14001/dir");
    assert.equal(
      Buffer.from(config.issuer.acme!.caBundle!, "base64").toString(),
      `${PEM}\n`,
      "PEM text becomes base64 of it",
    );
    const b64 = Buffer.from(PEM).toString("base64");
    const given = parseStackConfig(
      "lab",
      raw({ caBundle: b64 }, { "tls-edge:tsigSecret": SECRET }),
      SECRET_KEY,
    );
    assert.equal(given.issuer.acme?.caBundle, b64, "base64 stays as it is");
  });

  it("refuses a TSIG secret in plain text, as other credentials are", () => {
    assert.deepEqual(problems(raw({}, { "tls-edge:tsigSecret": SECRET })), [
      "tls-edge:tsigSecret: holds a credential in plain text; set it with 'pulumi config set --secret tls-edge:tsigSecret'",
    ]);
  });

  it("refuses an empty TSIG secret in plain text", () => {
    assert.deepEqual(problems(raw({}, { "tls-edge:tsigSecret": "" })), [
      "tls-edge:tsigSecret: is empty; set it with 'pulumi config set --secret tls-edge:tsigSecret <base64>' (the secret tsig-keygen prints)",
    ]);
  });

  it("a deployment without the secret stops; a preview goes on with it unknown", () => {
    assert.deepEqual(problems(raw()), [
      "tls-edge:tsigSecret: is required by the rfc2136 DNS-01 solver; set it with 'pulumi config set --secret tls-edge:tsigSecret <base64>' (the secret tsig-keygen prints)",
    ]);
    assert.equal(parseStackConfig("lab", raw(), [], { preview: true }).tsigSecret, undefined);
    // An offline run passes a placeholder for an encrypted value: unknown to the program.
    const offline = parseStackConfig(
      "lab",
      raw({}, { "tls-edge:tsigSecret": offlineSecretPlaceholder("tls-edge:tsigSecret") }),
      SECRET_KEY,
      { preview: true },
    );
    assert.equal(offline.tsigSecret, undefined);
  });

  it("names unknown keys, a secret without a solver, two key names and a bad CA bundle", () => {
    assert.deepEqual(
      problems(
        raw(
          {
            dns01: [
              { ...rfc2136, tsigSecret: SECRET, port: 53 },
              { ...rfc2136, zones: ["other.test"], tsigKeyName: "other" },
            ],
            caBundle: "not a certificate",
            caBundleFile: "ca.pem",
            stagingServer: "https://acme-v02.api.letsencrypt.org/directory",
          },
          { "tls-edge:tsigSecret": SECRET },
        ),
        SECRET_KEY,
      ),
      [
        "tls-edge:issuer.acme.dns01[0].tsigSecret: holds a credential in plain text; set it with 'pulumi config set --secret --path tls-edge:issuer.acme.dns01[0].tsigSecret'",
        "tls-edge:issuer.acme.caBundle: must be PEM certificates or base64 of them (e.g. from base64 -w0 ca.pem)",
        "tls-edge:issuer.acme.dns01[0].tsigSecret: unknown key; allowed keys are provider, zones, nameserver, tsigKeyName, tsigAlgorithm",
        "tls-edge:issuer.acme.dns01[0].port: unknown key; allowed keys are provider, zones, nameserver, tsigKeyName, tsigAlgorithm",
        "tls-edge:issuer.acme.stagingServer: https://acme-v02.api.letsencrypt.org/directory is a production directory; give a staging one",
        "tls-edge:tsigSecret: holds one TSIG secret, but the rfc2136 solvers name 2 keys (tls-edge-lab, other); give them one key",
      ],
    );
    assert.deepEqual(
      problems(
        {
          ...raw(),
          "tls-edge:issuer": JSON.stringify({
            type: "acme",
            acme: { environment: "staging", http01: true, caBundle: PEM, caBundleFile: "ca.pem" },
          }),
          "tls-edge:tsigSecret": SECRET,
        },
        SECRET_KEY,
      ),
      [
        "tls-edge:issuer.acme.caBundleFile: is set together with caBundle; give the CAs one way",
        "tls-edge:tsigSecret: is only read by an rfc2136 DNS-01 solver under issuer.acme.dns01; remove it",
      ],
    );
  });
});

interface KubeObject {
  kind: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
  stringData?: Record<string, unknown>;
}

/** A project folder running the shipped program with the lab config, changed by `edit`. */
function labProject(edit: (config: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-rfc2136-"));
  const project = {
    name: "tls-edge",
    runtime: "nodejs",
    main: join(REPO, "stacks/index.ts"),
    stackConfigDir: "stacks",
  };
  writeFileSync(join(dir, "Pulumi.yaml"), stringify(project));
  mkdirSync(join(dir, "stacks"));
  const lab = parse(readFileSync(join(REPO, "stacks/Pulumi.lab.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  edit(lab.config);
  writeFileSync(join(dir, "stacks/Pulumi.lab.yaml"), stringify(lab));
  return dir;
}

function render(dir: string) {
  const run = spawnSync(
    process.execPath,
    [join(REPO, "bin/tls-edge.js"), "render", "lab", "--out", join(dir, "out")],
    { cwd: dir, encoding: "utf8" },
  );
  const file = join(dir, "out/lab/manifests.yaml");
  const objects =
    run.status === 0
      ? parseAllDocuments(readFileSync(file, "utf8")).map((d) => d.toJS() as KubeObject)
      : [];
  return { ...run, objects, text: run.status === 0 ? readFileSync(file, "utf8") : "" };
}

describe("rfc2136 through tls-edge render", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("an encrypted TSIG secret and a CA bundle file: the issuers trust the CA, the secret is masked", () => {
    const dir = labProject((c) => {
      c["tls-edge:tsigSecret"] = { secure: "v1:AAAAAAAAAAAAAAAA:BBBBBBBB" };
      const issuer = c["tls-edge:issuer"] as { acme: Record<string, unknown> };
      issuer.acme["caBundleFile"] = "pebble-ca.pem";
    });
    dirs.push(dir);
    writeFileSync(join(dir, "pebble-ca.pem"), `${PEM}\n`);
    const run = render(dir);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
    const issuers = run.objects.filter((o) => o.kind === "ClusterIssuer");
    const acme = issuers.filter((o) => o.spec?.["acme"]);
    assert.deepEqual(acme.map((o) => o.metadata?.name).sort(), ["acme", "acme-staging"]);
    for (const issuer of acme) {
      const spec = issuer.spec!["acme"] as Record<string, unknown>;
      assert.equal(spec["caBundle"], Buffer.from(`${PEM}\n`).toString("base64"));
    }
    const secret = run.objects.find((o) => o.metadata?.name === "rfc2136-lab-tls-edge-test-tsig");
    assert.deepEqual(secret?.stringData, { "tsig-secret-key": "[secret]" });
    assert.doesNotMatch(run.text, /offline placeholder|offline-placeholder/);
  });

  it("a CA bundle file that is not there is named by its config key", () => {
    const dir = labProject((c) => {
      const issuer = c["tls-edge:issuer"] as { acme: Record<string, unknown> };
      issuer.acme["caBundleFile"] = "missing.pem";
    });
    dirs.push(dir);
    const run = render(dir);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /tls-edge:issuer\.acme\.caBundleFile: cannot read "missing\.pem" \(ENOENT\); give the path of the ACME server's CA certificates in PEM, relative to the project folder/,
    );
  });

  it("a bad nameserver or algorithm in the stack file is named by its config key", () => {
    const dir = labProject((c) => {
      const issuer = c["tls-edge:issuer"] as { acme: { dns01: Record<string, unknown>[] } };
      issuer.acme.dns01[0]!["nameserver"] = "::1";
      issuer.acme.dns01[0]!["tsigAlgorithm"] = "hmac-sha256";
    });
    dirs.push(dir);
    const run = render(dir);
    assert.equal(run.status, 1);
    assert.match(
      run.stderr,
      /tls-edge:issuer\.acme\.dns01\[0\]\.nameserver: "::1" is an IPv6 address without brackets/,
    );
    assert.match(
      run.stderr,
      /tls-edge:issuer\.acme\.dns01\[0\]\.tsigAlgorithm: "hmac-sha256" is not a TSIG algorithm name; write it as cert-manager does: "HMACSHA256"/,
    );
  });
});
