/**
 * What a user names on the command line: stack names as Pulumi validates them (and never a path
 * out of --out), programs that are Pulumi programs, stack files Pulumi could read, and output
 * folders that can be written, each refused before anything runs or is written.
 */
import { describe, it, before } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  checkStackFile,
  checkStackName,
  makeFolder,
  resolveProgram,
} from "../../cli/offline/inputs";

const CLEAN = "test/policy/fixtures/clean/index.ts";
const NAME_RULE = "a stack name may only contain letters, digits, hyphens, underscores or periods";

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail("expected the input to be refused");
}

/** One process per run: the offline runner uses Pulumi's global runtime state. */
function cli(...args: string[]) {
  // The timeout only stops a hang from blocking the suite; no assertion depends on time.
  const r = spawnSync(process.execPath, ["bin/tls-edge.js", ...args], {
    encoding: "utf8",
    timeout: 120_000,
    env: { ...process.env, PULUMI_CONFIG_PASSPHRASE: "" },
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), "tls-edge-inputs-"));

describe("stack names, as Pulumi's ParseStackName takes them", () => {
  // sdk/go/common/tokens/stack_name.go: non-empty, at most 100 characters of [A-Za-z0-9_.-].
  it("accepts what Pulumi accepts", () => {
    for (const name of ["dev", "prod-eu.1_x", "A".repeat(100)]) checkStackName(name);
  });

  const refused: Array<[string, string]> = [
    [
      "../../x",
      `stack name "../../x": ${NAME_RULE} (invalid character "/" at position 2); give a stack name such as dev, staging or prod`,
    ],
    [
      "org/proj/dev",
      `stack name "org/proj/dev": ${NAME_RULE} (invalid character "/" at position 3); give a stack name such as dev, staging or prod`,
    ],
    [
      "dev prod",
      `stack name "dev prod": ${NAME_RULE} (invalid character " " at position 3); give a stack name such as dev, staging or prod`,
    ],
    [
      "dev\n",
      `stack name "dev\\n": ${NAME_RULE} (invalid character "\\n" at position 3); give a stack name such as dev, staging or prod`,
    ],
    ["", "a stack name may not be empty; give a stack name such as dev, staging or prod"],
    [
      "A".repeat(101),
      'stack name "AAAAAAAAAAAAAAAAAAAA..." has 101 characters, more than the 100 Pulumi allows',
    ],
    // Pulumi takes these two; here the name becomes a folder under --out.
    [
      "..",
      'stack name ".." names a folder, not a stack; give a stack name such as dev, staging or prod',
    ],
    [
      ".",
      'stack name "." names a folder, not a stack; give a stack name such as dev, staging or prod',
    ],
  ];
  for (const [name, message] of refused) {
    it(`refuses ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}...` : name)}`, () => {
      assert.equal(
        messageOf(() => checkStackName(name)),
        message,
      );
    });
  }
});

describe("--program must be a Pulumi program", () => {
  const fix =
    "give the program's entry file (index.ts or index.js) or the folder holding its Pulumi.yaml";
  before(() => {
    mkdirSync(join(tmp, "empty"));
    mkdirSync(join(tmp, "python"));
    writeFileSync(join(tmp, "python", "Pulumi.yaml"), "name: py\nruntime: python\n");
    writeFileSync(join(tmp, "python", "index.ts"), "export {};\n");
    mkdirSync(join(tmp, "project"));
    writeFileSync(
      join(tmp, "project", "Pulumi.yaml"),
      "name: p\nruntime:\n  name: nodejs\nmain: src/main.ts\n",
    );
    mkdirSync(join(tmp, "project", "src"));
    writeFileSync(join(tmp, "project", "src", "main.ts"), "export {};\n");
    writeFileSync(join(tmp, "types.d.ts"), "export {};\n");
    mkdirSync(join(tmp, "twice"));
    writeFileSync(join(tmp, "twice", "Pulumi.yaml"), "name: a\nruntime: nodejs\nname: b\n");
  });

  const cases: Array<[string, () => string, string]> = [
    [
      "package.json",
      () => "package.json",
      `--program package.json is not a Pulumi program (.json); ${fix}`,
    ],
    ["README.md", () => "README.md", `--program README.md is not a Pulumi program (.md); ${fix}`],
    [
      "a declaration file",
      () => join(tmp, "types.d.ts"),
      `--program ${join(tmp, "types.d.ts")} is not a Pulumi program (.ts); ${fix}`,
    ],
    [
      "a folder with no program",
      () => join(tmp, "empty"),
      `--program ${join(tmp, "empty")} is a folder with no index.ts or index.js; ${fix}`,
    ],
    [
      "a Python project",
      () => join(tmp, "python"),
      `--program ${join(tmp, "python")}: ${join(tmp, "python", "Pulumi.yaml")} is a "python" project; tls-edge runs Node.js (TypeScript or JavaScript) programs only`,
    ],
    ["a missing file", () => "missing.ts", `--program missing.ts does not exist; ${fix}`],
    [
      "a Pulumi.yaml with a duplicate key",
      () => join(tmp, "twice"),
      `${join(tmp, "twice", "Pulumi.yaml")}:3:1: the key name is set twice; keep one`,
    ],
  ];
  for (const [title, program, message] of cases) {
    it(`refuses ${title}`, () => {
      assert.equal(
        messageOf(() => resolveProgram(program())),
        message,
      );
    });
  }

  it("takes a folder's Pulumi.yaml main, and a file with its project beside it", () => {
    assert.deepEqual(resolveProgram(join(tmp, "project")), {
      entry: join(tmp, "project", "src", "main.ts"),
      projectDir: join(tmp, "project"),
    });
    assert.deepEqual(resolveProgram("test/render/fixtures/plain/index.ts"), {
      entry: resolve("test/render/fixtures/plain/index.ts"),
      projectDir: resolve("test/render/fixtures/plain"),
    });
  });
});

describe("stack files, as Pulumi reads them", () => {
  // Pulumi's LoadProjectStackBytes (sdk/go/common/workspace/loaders.go) unmarshals with
  // gopkg.in/yaml.v3, which refuses duplicate keys, into a struct whose config is a map.
  const shape = 'a map of keys to values, e.g. "tls-edge:environment: dev"';
  const cases: Array<[string, string, (file: string) => string]> = [
    [
      "a duplicate key",
      "config:\n  tls-edge:environment: dev\n  tls-edge:nodes: 1\n  tls-edge:environment: staging\n",
      (f) => `${f}:4:3: the key tls-edge:environment is set twice; keep one`,
    ],
    [
      "an unclosed list",
      "config:\n  tls-edge:apps: [web\n  tls-edge:nodes: 1\n",
      (f) =>
        `${f}:3:3: Flow sequence in block collection must be sufficiently indented and end with a ]`,
    ],
    [
      "a tab for indentation",
      "config:\n\ttls-edge:environment: dev\n",
      (f) => `${f}:2:1: Tabs are not allowed as indentation`,
    ],
    [
      "a list at the top",
      "- tls-edge:environment: dev\n",
      (f) => `${f}: expected a map with a config: key holding ${shape}, got a list`,
    ],
    [
      "config as a list",
      "config:\n  - tls-edge:environment: dev\n",
      (f) => `${f}: config: must be ${shape}, got a list`,
    ],
    [
      "config as a string",
      "config: tls-edge:environment=dev\n",
      (f) => `${f}: config: must be ${shape}, got the string "tls-edge:environment=dev"`,
    ],
  ];
  cases.forEach(([title, text, message], i) => {
    it(`names the file for ${title}`, () => {
      const file = join(tmp, `Pulumi.case${i}.yaml`);
      writeFileSync(file, text);
      assert.equal(
        messageOf(() => checkStackFile(file)),
        message(file),
      );
    });
  });

  it("reads an empty file as empty config, as Pulumi does", () => {
    const file = join(tmp, "Pulumi.empty.yaml");
    writeFileSync(file, "");
    checkStackFile(file);
  });
});

describe("output folders", () => {
  it("fails at once on a folder that cannot be made under /proc", () => {
    assert.equal(
      messageOf(() => makeFolder("/proc/x/dev", "--out /proc/x")),
      "--out /proc/x: cannot create /proc/x (ENOENT); give a folder you can write to",
    );
  });

  it("refuses a file where a folder belongs", () => {
    assert.equal(
      messageOf(() => makeFolder("package.json/dev", "--out package.json")),
      `--out package.json: ${resolve("package.json")} is a file, not a folder; give a folder`,
    );
  });
});

describe("tls-edge render and policy with bad input", { timeout: 600_000 }, () => {
  it("writes nothing outside --out for the stack name ../../x", () => {
    const out = join(tmp, "a", "b", "out");
    const r = cli("render", "../../x", "--program", CLEAN, "--out", out);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      `tls-edge render: stack name "../../x": ${NAME_RULE} (invalid character "/" at position 2); give a stack name such as dev, staging or prod`,
    );
    assert.deepEqual(readdirSync(tmp).includes("a"), false);
    const policy = cli("policy", "..", "--program", CLEAN);
    assert.equal(policy.code, 2);
    assert.match(policy.stderr, /^tls-edge policy: stack name "\.\." names a folder, not a stack/);
  });

  it("keeps the old output when --program is not a program or registers nothing", () => {
    const out = join(tmp, "kept");
    assert.equal(cli("render", "dev", "--program", CLEAN, "--out", out).code, 0);
    const before = readFileSync(join(out, "dev", "resources.json"), "utf8");
    assert.ok(JSON.parse(before).length > 0);

    const json = cli("render", "dev", "--program", "package.json", "--out", out);
    assert.equal(json.code, 2);
    assert.match(json.stderr, /^tls-edge render: --program package.json is not a Pulumi program/);

    const lib = join(tmp, "lib.ts");
    writeFileSync(lib, "export const answer = 42;\n");
    const empty = cli("render", "dev", "--program", lib, "--out", out);
    assert.equal(empty.code, 1);
    assert.equal(
      empty.stderr.trim(),
      `tls-edge render: dev: --program ${lib} registered no resources; give the program's entry file (the module that creates the resources)`,
    );
    assert.equal(readFileSync(join(out, "dev", "resources.json"), "utf8"), before);
    assert.deepEqual(readdirSync(out), ["dev"]);

    const policy = cli("policy", "dev", "--program", lib);
    assert.equal(policy.code, 1);
    assert.match(policy.stderr, /registered no resources/);
  });

  it("fails fast on --out /proc/x, naming the path", () => {
    const r = cli("render", "dev", "--out", "/proc/x");
    assert.equal(r.signal, null, "render did not finish");
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      "tls-edge render: dev: --out /proc/x: cannot create /proc/x (ENOENT); give a folder you can write to",
    );
    const blank = cli("render", "dev", "--out", "");
    assert.equal(blank.code, 2);
    assert.equal(blank.stderr.trim(), "tls-edge render: --out: give a folder");
  });

  it("names the stack file of a duplicate key and of a list where config belongs", () => {
    const dir = join(tmp, "project-yaml");
    mkdirSync(dir);
    writeFileSync(join(dir, "Pulumi.yaml"), "name: tls-edge\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "index.ts"),
      `export = require(${JSON.stringify(resolve("stacks/index.ts"))});\n`,
    );
    writeFileSync(
      join(dir, "Pulumi.dev.yaml"),
      "config:\n  tls-edge:environment: dev\n  tls-edge:environment: staging\n",
    );
    const dup = cli("render", "dev", "--program", join(dir, "index.ts"), "--out", tmp);
    assert.equal(dup.code, 2);
    assert.equal(
      dup.stderr.trim(),
      `tls-edge render: dev: ${join(dir, "Pulumi.dev.yaml")}:3:3: the key tls-edge:environment is set twice; keep one`,
    );
    writeFileSync(join(dir, "Pulumi.dev.yaml"), "config:\n  - tls-edge:environment: dev\n");
    const list = cli("policy", "dev", "--program", join(dir, "index.ts"));
    assert.equal(list.code, 2);
    assert.equal(
      list.stderr.trim(),
      `tls-edge policy: dev: ${join(dir, "Pulumi.dev.yaml")}: config: must be a map of keys to values, e.g. "tls-edge:environment: dev", got a list`,
    );
  });
});
