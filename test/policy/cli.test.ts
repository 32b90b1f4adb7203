import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// One process per run: the offline runner uses Pulumi's global runtime state.
function policy(...args: string[]) {
  const result = spawnSync(process.execPath, ["bin/tls-edge.js", "policy", ...args], {
    encoding: "utf8",
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const BAD = "test/policy/fixtures/dev-prod-issuer/index.ts";
const CLEAN = "test/policy/fixtures/clean/index.ts";

describe("tls-edge policy", () => {
  it("fails a Let's Encrypt production issuer and an Ingress without tls in dev, as JSON", () => {
    const { code, stdout } = policy("dev", "--program", BAD, "--json");
    assert.equal(code, 1);
    const { violations } = JSON.parse(stdout) as { violations: Record<string, string>[] };
    assert.deepEqual(
      violations.map((v) => [v.policy, v.enforcementLevel, v.resource, v.type]).sort(),
      [
        [
          "staging-first",
          "mandatory",
          "letsencrypt",
          "kubernetes:cert-manager.io/v1:ClusterIssuer",
        ],
        ["tls-required", "mandatory", "web", "kubernetes:networking.k8s.io/v1:Ingress"],
      ],
    );
    assert.deepEqual(Object.keys(violations[0]!).sort(), [
      "enforcementLevel",
      "message",
      "policy",
      "resource",
      "severity",
      "type",
    ]);
  });

  it("groups the human report by rule with the resource and the fix", () => {
    const { code, stdout } = policy("dev", "--program", BAD);
    assert.equal(code, 1);
    assert.match(
      stdout,
      /^staging-first \(mandatory, high\)\n {2}letsencrypt \(kubernetes:cert-manager\.io\/v1:ClusterIssuer\)\n {4}ClusterIssuer letsencrypt uses the production ACME directory .* Fix: use the staging directory/m,
    );
    assert.match(
      stdout,
      /^tls-required \(mandatory, high\)\n {2}web \(kubernetes:networking\.k8s\.io\/v1:Ingress\)\n {4}Ingress web has no tls entries/m,
    );
    assert.match(
      stdout,
      /policy dev: 3 resources checked, 2 mandatory and 0 advisory violation\(s\)$/m,
    );
  });

  it("exits 0 for a clean program and when config makes the rules advisory", () => {
    const clean = policy("dev", "--program", CLEAN);
    assert.equal(clean.code, 0, clean.stdout + clean.stderr);
    assert.match(clean.stdout, /0 mandatory and 0 advisory violation\(s\)/);
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-policy-"));
    const config = join(dir, "policy-config.json");
    writeFileSync(
      config,
      JSON.stringify({
        "staging-first": "advisory",
        "tls-required": { enforcementLevel: "advisory" },
      }),
    );
    const relaxed = policy("dev", "--program", BAD, "--config", config);
    assert.equal(relaxed.code, 0, relaxed.stderr);
    assert.match(relaxed.stdout, /0 mandatory and 2 advisory violation\(s\)/);
  });

  it("treats the production tag as production", () => {
    const { code, stdout } = policy(
      "dev",
      "--program",
      CLEAN,
      "--tag",
      "tls-edge:environment=production",
      "--json",
    );
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout), { violations: [] });
  });

  it("exits 2 on usage errors", () => {
    assert.equal(policy().code, 2);
    assert.equal(policy("dev", "--program", "missing.ts").code, 2);
    assert.equal(policy("dev", "--bogus").code, 2);
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-policy-"));
    const config = join(dir, "bad.json");
    writeFileSync(
      config,
      JSON.stringify({ "staging-frist": "advisory", certificates: { alertWindow: 3 } }),
    );
    const bad = policy("dev", "--program", CLEAN, "--config", config);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /"staging-frist" is not a rule; rules: staging-first, /);
    assert.match(
      bad.stderr,
      /certificates\.alertWindow: unknown setting; certificates takes alertWindowDays, externalIssuers/,
    );
  });
});
