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

  describe("--config checked against each rule's configSchema, as the engine does", () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-policy-config-"));
    const configFile = (name: string, content: string) => {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    };
    // The inputs of the issue, and one per other schema keyword the rules use.
    const cases: [string, string, string][] = [
      [
        "a word for a number",
        '{"certificates": {"alertWindowDays": "forty"}}',
        'certificates.alertWindowDays: "forty" must be number (Days before expiry at which expiry alerts fire; default 15)',
      ],
      [
        "a negative number of days",
        '{"certificates": {"alertWindowDays": -5}}',
        "certificates.alertWindowDays: -5 must be >= 0 (Days before expiry at which expiry alerts fire; default 15)",
      ],
      [
        "a string for a list",
        '{"high-availability": {"productionStacks": "prod"}}',
        'high-availability.productionStacks: "prod" must be array (Stack names (glob `*`) that are production when the stack has no environment tag; default ["prod","production","prod-*"])',
      ],
      [
        "a number in a list of strings",
        '{"staging-first": {"testDirectories": ["https://ca.internal/directory", 5]}}',
        "staging-first.testDirectories[1]: 5 must be string (ACME directory URLs that count as test CAs; default [])",
      ],
      [
        "an enforcement level that is not one",
        '{"mesh": {"enforcementLevel": "strict"}}',
        'mesh.enforcementLevel: "strict" is not an enforcement level; use advisory, mandatory, remediate, disabled',
      ],
    ];
    for (const [what, content, message] of cases) {
      it(`refuses ${what} with exit 2, naming the rule and the key`, () => {
        const file = configFile(`${what.replace(/\W+/g, "-")}.json`, content);
        const human = policy("dev", "--program", CLEAN, "--config", file);
        assert.equal(human.code, 2, human.stdout + human.stderr);
        assert.equal(human.stdout, "");
        assert.ok(
          human.stderr.startsWith(
            `tls-edge policy: --config ${file}: 1 problem(s):\n  ${message}\n`,
          ),
          human.stderr,
        );
        const json = policy("dev", "--program", CLEAN, "--config", file, "--json");
        assert.equal(json.code, 2);
        assert.equal(json.stderr, "");
        const [policyName, key] = message.split(":")[0]!.split(/\.(.*)/s);
        assert.deepEqual(JSON.parse(json.stdout), {
          ok: false,
          exitCode: 2,
          error: `--config ${file}: 1 problem(s):\n  ${message}`,
          problems: [{ policy: policyName, key, message }],
        });
      });
    }

    it("lists every problem of one file at once, in file order then rule order", () => {
      const file = configFile(
        "many.json",
        JSON.stringify({
          "staging-frist": "advisory",
          secrets: { bogus: 1 },
          certificates: { alertWindowDays: "forty" },
          mesh: { productionStacks: ["prod", 5] },
        }),
      );
      const { code, stdout } = policy("dev", "--program", CLEAN, "--config", file, "--json");
      assert.equal(code, 2);
      const { problems } = JSON.parse(stdout) as { problems: { policy: string; key?: string }[] };
      assert.deepEqual(
        problems.map((p) => [p.policy, p.key]),
        [
          ["staging-frist", undefined],
          ["secrets", "bogus"],
          ["certificates", "alertWindowDays"],
          ["mesh", "productionStacks[1]"],
        ],
      );
    });

    it("accepts settings of the right type and runs the rules with them", () => {
      const file = configFile(
        "good.json",
        JSON.stringify({
          certificates: { alertWindowDays: 30, externalIssuers: [] },
          "high-availability": { productionStacks: ["dev"] },
        }),
      );
      const { code, stdout, stderr } = policy(
        "dev",
        "--program",
        CLEAN,
        "--config",
        file,
        "--json",
      );
      assert.equal(code, 0, stderr);
      assert.deepEqual(JSON.parse(stdout), { violations: [] });
    });
  });

  it("prints exactly one JSON object on stdout for every failure with --json", () => {
    const dir = mkdtempSync(join(tmpdir(), "tls-edge-policy-json-"));
    const broken = join(dir, "broken.json");
    writeFileSync(broken, "{not json");
    const throws = join(dir, "throws.ts");
    writeFileSync(throws, 'console.log("starting");\nthrow new Error("the program broke");\n');
    const runs: [string[], number, RegExp][] = [
      [["--json"], 2, /^give exactly one stack name$/],
      [["dev", "--json", "--bogus"], 2, /^Unknown option '--bogus'/],
      [
        ["nostack", "--json"],
        2,
        /^no stack 'nostack': stacks\/Pulumi\.nostack\.yaml does not exist/,
      ],
      [["dev", "--program", CLEAN, "--config", broken, "--json"], 2, /^--config .*broken\.json: /],
      [
        ["dev", "--program", CLEAN, "--tag", "novalue", "--json"],
        2,
        /^--tag novalue: expected key=value$/,
      ],
      [["dev", "--program", throws, "--json"], 1, /^dev: .*the program broke/s],
    ];
    for (const [args, exitCode, error] of runs) {
      const result = policy(...args);
      assert.equal(result.code, exitCode, `${args.join(" ")}: ${result.stdout}${result.stderr}`);
      const out = JSON.parse(result.stdout) as { ok: boolean; exitCode: number; error: string };
      assert.equal(out.ok, false);
      assert.equal(out.exitCode, exitCode);
      assert.match(out.error, error);
    }
    // What a program prints goes to stderr, so that stdout stays one JSON object.
    const chatty = join(dir, "chatty.ts");
    writeFileSync(
      chatty,
      // The program sits outside the project: it loads the project's SDK by path.
      `const pulumi = require(${JSON.stringify(require.resolve("@pulumi/pulumi"))});\n` +
        'console.log("hello from the program");\n' +
        'new pulumi.ComponentResource("test:index:Chatty", "chatty");\n',
    );
    const ok = policy("dev", "--program", chatty, "--json");
    assert.equal(ok.code, 0, ok.stderr);
    assert.deepEqual(JSON.parse(ok.stdout), { violations: [] });
    assert.match(ok.stderr, /hello from the program/);
  });
});
