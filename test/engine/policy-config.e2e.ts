/**
 * Policy pack configuration against the real engine: the Pulumi CLI refuses a config its
 * policies' configSchemas reject before any policy runs. `policyConfigProblems` (which
 * `tls-edge policy --config` and `evaluate` use) must refuse exactly what the engine refuses,
 * naming the same rules and keys. Run with `npm run test:engine`.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { policyConfigProblems } from "../../policy/config";
import { rules } from "../../policy/rules";
import { pulumiEnv } from "../helpers/pulumi-env";

const REPO = resolve(__dirname, "../..");
const ANALYZER = join(REPO, "scripts/engine/policy-analyzer.sh");

const needed = ["pulumi", "pulumi-language-nodejs", "pulumi-resource-kubernetes"];
const missing = needed.filter((c) => spawnSync("sh", ["-c", `command -v ${c}`]).status !== 0);
if (missing.length && process.env["CI"] === "true") {
  throw new Error(`the engine tests need ${missing.join(", ")} on PATH; run npm run test:engine`);
}
const skip = missing.length ? `${missing.join(", ")} not on PATH: run npm run test:engine` : false;

/** `mesh: productionStacks.1: Invalid type...` (gojsonschema's field path) → `mesh productionStacks[1]`. */
function engineKey(line: string): string {
  const [policy, field] = line.split(": ");
  return `${policy} ${field!.replace(/\.(\d+)/g, "[$1]")}`;
}

describe("policy config against the real engine", { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), "tls-edge-policy-config-"));
  const project = join(root, "project");
  const env = pulumiEnv(root);
  const pulumi = (...args: string[]) =>
    spawnSync("pulumi", [...args, "--non-interactive"], { cwd: project, env, encoding: "utf8" });

  before(() => {
    mkdirSync(project, { recursive: true });
    mkdirSync(join(root, "state"));
    cpSync(join(REPO, "test/policy/fixtures/clean/index.ts"), join(project, "index.ts"));
    symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"));
    writeFileSync(join(project, "Pulumi.yaml"), "name: policy-config\nruntime: nodejs\n");
    writeFileSync(
      join(project, "Pulumi.dev.yaml"),
      `config:\n  kubernetes:renderYamlToDirectory: ${join(root, "out")}\n`,
    );
    const init = pulumi("stack", "init", "dev");
    assert.equal(init.status, 0, init.stderr);
  });

  /** The engine's verdict on a config: the `<policy> <key>` pairs it refuses, or its error. */
  function engineVerdict(config: object): { status: number | null; keys: string[]; out: string } {
    const file = join(root, `config-${randomBytes(4).toString("hex")}.json`);
    writeFileSync(file, JSON.stringify(config));
    const run = pulumi(
      "preview",
      "-s",
      "dev",
      "--policy-pack",
      ANALYZER,
      "--policy-pack-config",
      file,
    );
    const out = run.stdout + run.stderr;
    // pkg/engine/update.go: "validating policy config: <pack> <version>  <policy>: <field>: <why>"
    const keys = [
      ...new Set(
        [...out.matchAll(/error: validating policy config: tls-edge \S+ {2}(.+)$/gm)].map((m) =>
          engineKey(m[1]!),
        ),
      ),
    ].sort();
    return { status: run.status, keys, out };
  }

  const ours = (config: object, strict = false) =>
    policyConfigProblems(config, rules, { strict })
      .map((p) => `${p.policy} ${p.key ?? ""}`.trim())
      .sort();

  it("refuses the same rules and keys as the engine: wrong types, a negative window", () => {
    const config = {
      certificates: { alertWindowDays: "forty" },
      "high-availability": { productionStacks: "prod" },
      "staging-first": { testDirectories: ["https://ca.internal/directory", 5] },
    };
    const engine = engineVerdict(config);
    assert.notEqual(engine.status, 0, engine.out);
    assert.deepEqual(engine.keys, [
      "certificates alertWindowDays",
      "high-availability productionStacks",
      "staging-first testDirectories[1]",
    ]);
    assert.deepEqual(ours(config), engine.keys);

    const negative = { certificates: { alertWindowDays: -5 } };
    const engineNegative = engineVerdict(negative);
    assert.notEqual(engineNegative.status, 0, engineNegative.out);
    assert.deepEqual(engineNegative.keys, ["certificates alertWindowDays"]);
    assert.deepEqual(ours(negative), engineNegative.keys);
  });

  it("accepts what the engine accepts; only the CLI's strict mode refuses unknown names and keys", () => {
    const config = {
      certificates: { alertWindowDays: 30, externalIssuers: ["ClusterIssuer/corp"] },
      "high-availability": { productionStacks: ["live"] },
      "staging-frist": "advisory",
      secrets: { bogus: 1 },
    };
    const engine = engineVerdict(config);
    assert.equal(engine.status, 0, engine.out);
    assert.deepEqual(ours(config), []);
    assert.deepEqual(ours(config, true), ["secrets bogus", "staging-frist"]);
  });

  it("refuses an enforcement level that is not one, as the engine does", () => {
    const config = { mesh: { enforcementLevel: "strict" } };
    const engine = engineVerdict(config);
    assert.notEqual(engine.status, 0);
    assert.match(engine.out, /parsing enforcement level for "mesh": "strict" is not a valid/);
    assert.deepEqual(ours(config), ["mesh enforcementLevel"]);
  });
});
