import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { rules } from "../../policy/rules";

const EXPECTED_RULES = [
  "staging-first",
  "tls-required",
  "gateway-https-redirect",
  "certificates",
  "secrets",
  "secret-readers",
  "high-availability",
  "mesh",
  "dns01-least-privilege",
];

// Loads policy/index.ts with PolicyPack replaced by a recorder (the real one starts a gRPC
// server), and prints what the entry file constructed.
const LOADER = `
// The package index re-exports through getters that read this module, so patch it here.
const policy = require("@pulumi/policy/policy");
const built = [];
policy.PolicyPack = class { constructor(name, args) { built.push({ name, args }); } };
require("./policy/index.ts");
console.log(JSON.stringify(built.map((b) => ({
  name: b.name,
  enforcementLevel: b.args.enforcementLevel,
  policies: b.args.policies.map((p) => ({
    name: p.name,
    enforcementLevel: p.enforcementLevel,
    severity: p.severity,
    description: p.description,
    kind: typeof p.validateStack === "function" ? "stack" : "resource",
  })),
}))));
`;

describe("policy pack", () => {
  it("is a nodejs CrossGuard pack with a description", () => {
    const manifest = parse(readFileSync("policy/PulumiPolicy.yaml", "utf8")) as Record<
      string,
      unknown
    >;
    assert.equal(manifest["runtime"], "nodejs");
    assert.equal(typeof manifest["description"], "string");
    const pkg = JSON.parse(readFileSync("policy/package.json", "utf8")) as Record<string, unknown>;
    assert.equal(pkg["name"], "tls-edge-policy");
    assert.match(String(pkg["version"]), /^\d+\.\d+\.\d+$/);
    assert.equal(pkg["main"], "index.ts");
  });

  it("builds exactly one PolicyPack holding every rule", () => {
    const result = spawnSync(process.execPath, ["--import", "tsx", "-e", LOADER], {
      encoding: "utf8",
      // A real PolicyPack would serve forever: fail instead of hanging if interception breaks.
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const built = JSON.parse(result.stdout) as {
      name: string;
      enforcementLevel: string;
      policies: {
        name: string;
        enforcementLevel: string;
        severity: string;
        description: string;
        kind: string;
      }[];
    }[];
    assert.equal(built.length, 1);
    assert.equal(built[0]!.name, "tls-edge");
    assert.equal(built[0]!.enforcementLevel, "mandatory");
    assert.deepEqual(
      built[0]!.policies.map((p) => p.name),
      EXPECTED_RULES,
    );
    assert.deepEqual(
      built[0]!.policies.map((p) => [p.name, p.kind, p.enforcementLevel]),
      [
        ["staging-first", "stack", "mandatory"],
        ["tls-required", "resource", "mandatory"],
        ["gateway-https-redirect", "stack", "mandatory"],
        ["certificates", "stack", "mandatory"],
        ["secrets", "resource", "mandatory"],
        ["secret-readers", "stack", "advisory"],
        ["high-availability", "stack", "mandatory"],
        ["mesh", "resource", "mandatory"],
        ["dns01-least-privilege", "resource", "mandatory"],
      ],
    );
    for (const p of built[0]!.policies) {
      assert.match(p.name, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(p.severity && p.description, `${p.name} has a severity and a description`);
    }
  });

  it("evaluates the same rules the pack serves, with unique names", () => {
    assert.deepEqual(
      rules.map((r) => r.name),
      EXPECTED_RULES,
    );
    assert.equal(new Set(rules.map((r) => r.name)).size, rules.length);
    for (const r of rules) {
      assert.ok(r.remediationSteps, `${r.name} has remediation steps`);
      assert.ok(!r.configSchema?.properties["enforcementLevel"]);
    }
  });
});
