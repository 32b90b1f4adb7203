/**
 * The real engine: the Pulumi CLI, the Node.js language host and the Kubernetes provider built
 * from Go modules (scripts/engine/build.sh) run the dev stack and the policy pack. Run with
 * `npm run test:engine`, which builds them and puts them first on PATH.
 *
 * The Kubernetes provider renders YAML to a folder instead of talking to a cluster, and chart
 * installs are off (charts cannot be fetched here); everything else is dev as shipped, its
 * internal CA made by the TLS provider.
 */
import { describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { X509Certificate } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { UNKNOWN_TEXT } from "../../cli/offline/engine-wire";
import { Pki } from "../helpers/pki";
import { startPebble } from "../helpers/pebble";
import { pulumiEnv } from "../helpers/pulumi-env";
import { REPO, engineSkip, keyOf, maskedSecret, type KubeObject } from "./engine";

const ANALYZER = join(REPO, "scripts/engine/policy-analyzer.sh");
const CLI = join(REPO, "bin/tls-edge.js");
const skip = engineSkip("npm run test:engine", ["pebble"]);

/**
 * `real` with every leaf the offline render marks as known only after deployment replaced by
 * that marker, after checking the engine really sent a value there (a PEM certificate where the
 * render marks one: the backend CA bundle carries the internal CA's certificate).
 */
function markUnknowns(real: unknown, offline: unknown, path: string): unknown {
  if (offline === UNKNOWN_TEXT) {
    assert.ok(typeof real === "string" && real.length > 0, `${path}: the engine sent no value`);
    if (path.endsWith("ca.crt")) new X509Certificate(real);
    return UNKNOWN_TEXT;
  }
  if (Array.isArray(real) && Array.isArray(offline)) {
    return real.map((v, i) => markUnknowns(v, offline[i], `${path}[${i}]`));
  }
  if (real && offline && typeof real === "object" && typeof offline === "object") {
    return Object.fromEntries(
      Object.entries(real).map(([k, v]) => [
        k,
        markUnknowns(v, (offline as Record<string, unknown>)[k], `${path}.${k}`),
      ]),
    );
  }
  return real;
}

describe("the real engine", { skip }, () => {
  const root = mkdtempSync(join(tmpdir(), "tls-edge-engine-"));
  const project = join(root, "project");
  const rendered = join(root, "rendered");
  const env = pulumiEnv(root);

  /** Runs the CLI in `cwd`, with extra environment for programs that read it. */
  function pulumiIn(cwd: string, extra: NodeJS.ProcessEnv = {}) {
    return (...args: string[]): SpawnSyncReturns<string> =>
      spawnSync("pulumi", [...args, "--non-interactive"], {
        cwd,
        env: { ...env, ...extra },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
  }
  function pulumi(cwd: string, ...args: string[]): SpawnSyncReturns<string> {
    return pulumiIn(cwd)(...args);
  }
  function ok(result: SpawnSyncReturns<string>): string {
    assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
    return result.stdout;
  }

  /** A project folder of its own: the repository's program, one stack file, no build output. */
  function makeProject(): void {
    mkdirSync(project, { recursive: true });
    for (const entry of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
      cpSync(join(REPO, entry), join(project, entry));
    }
    for (const dir of ["components", "stacks", "policy", "test/engine/fixtures"]) {
      cpSync(join(REPO, dir), join(project, dir), { recursive: true });
    }
    symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"));
    // The Pulumi runtime type-checks a program with the tsconfig.json of the program's own
    // folder only (as stacks/tsconfig.json does for the stacks): one beside each fixture.
    for (const fixture of readdirSync(join(project, "test/engine/fixtures"))) {
      writeFileSync(
        join(project, "test/engine/fixtures", fixture, "tsconfig.json"),
        JSON.stringify({
          extends: "../../../../tsconfig.json",
          compilerOptions: { target: "es2022" },
        }),
      );
    }
    const stackFile = join(project, "stacks/Pulumi.dev.yaml");
    const dev = parse(readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> };
    dev.config["tls-edge:installCharts"] = false;
    dev.config["kubernetes:renderYamlToDirectory"] = rendered;
    writeFileSync(stackFile, stringify(dev));
  }

  function engineObjects(dir = rendered): Map<string, KubeObject> {
    const objects = new Map<string, KubeObject>();
    for (const phase of readdirSync(dir)) {
      for (const file of readdirSync(join(dir, phase))) {
        const object = parse(readFileSync(join(dir, phase, file), "utf8")) as KubeObject;
        objects.set(keyOf(object), object);
      }
    }
    return objects;
  }

  before(() => {
    mkdirSync(join(root, "state"));
    makeProject();
    ok(pulumi(project, "stack", "init", "dev"));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it("pulumi up creates what tls-edge render shows, object for object", () => {
    const up = ok(pulumi(project, "up", "--yes", "--skip-preview", "-s", "dev"));
    assert.match(up, /Resources:\s+\+ \d+ created/);
    const offline = join(root, "offline");
    const render = spawnSync(process.execPath, [CLI, "render", "dev", "--out", offline], {
      cwd: project,
      env,
      encoding: "utf8",
    });
    assert.equal(render.status, 0, render.stderr);
    const documents = parseAllDocuments(readFileSync(join(offline, "dev/manifests.yaml"), "utf8"));
    const expected = new Map(
      documents.map((d) => d.toJS() as KubeObject).map((o) => [keyOf(o), o] as const),
    );
    const made = engineObjects();
    assert.ok(made.size >= 6, `the engine rendered only ${made.size} objects`);
    assert.deepEqual([...made.keys()].sort(), [...expected.keys()].sort());
    for (const [key, object] of made) {
      const seen = object.kind === "Secret" ? maskedSecret(object) : object;
      assert.deepEqual(markUnknowns(seen, expected.get(key), key), expected.get(key), key);
    }
    assert.ok(
      [...made.values()].some((o) => o.kind === "Secret"),
      "the internal CA's Secret is rendered",
    );
  });

  it("keeps the internal CA's key out of the dev state file in plain text", () => {
    const exported = ok(pulumi(project, "stack", "export", "-s", "dev"));
    assert.match(exported, /"ciphertext"/);
    const stateDir = join(root, "state/.pulumi/stacks");
    for (const file of readdirSync(stateDir, { recursive: true }).map(String)) {
      if (!file.endsWith(".json")) continue;
      const state = readFileSync(join(stateDir, file), "utf8");
      assert.doesNotMatch(state, /-----BEGIN [A-Z ]*PRIVATE KEY-----/, file);
      assert.doesNotMatch(state, /LS0tLS1CRUdJTiBFQyBQUklWQVRF|LS0tLS1CRUdJTiBQUklWQVRF/, file);
    }
  });

  it("a second pulumi up changes nothing", () => {
    const again = pulumi(project, "up", "--yes", "--expect-no-changes", "-s", "dev");
    ok(again);
    assert.match(again.stdout, /\d+ unchanged/);
    assert.doesNotMatch(again.stdout, /[+~-] \d+ (created|updated|deleted|replaced)/);
  });

  it("pulumi preview --policy-pack passes the dev stack", () => {
    const preview = pulumi(project, "preview", "-s", "dev", "--policy-pack", ANALYZER);
    ok(preview);
    assert.match(preview.stdout, /✅ tls-edge@v0\.1\.0/);
  });

  it("the real analyzer reports what tls-edge policy reports for a program that breaks rules", () => {
    const breaks = join(root, "breaks-rules");
    mkdirSync(breaks);
    cpSync(join(REPO, "test/policy/fixtures/dev-prod-issuer/index.ts"), join(breaks, "index.ts"));
    symlinkSync(join(REPO, "node_modules"), join(breaks, "node_modules"));
    writeFileSync(join(breaks, "Pulumi.yaml"), "name: breaks-rules\nruntime: nodejs\n");
    writeFileSync(
      join(breaks, "Pulumi.dev.yaml"),
      stringify({ config: { "kubernetes:renderYamlToDirectory": join(root, "breaks-out") } }),
    );
    ok(pulumi(breaks, "stack", "init", "dev"));
    /** The policy events of a preview with the pack in `pack` (the source folder by default). */
    const policyEvents = (pack?: string) => {
      const preview = pulumiIn(breaks, {
        PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true",
        ...(pack ? { TLS_EDGE_POLICY_PACK: pack } : {}),
      })("preview", "-s", "dev", "--policy-pack", ANALYZER, "--json");
      assert.notEqual(preview.status, 0, "a mandatory violation must fail the preview");
      return preview.stdout
        .split("\n")
        .filter((line) => line.includes('"policyEvent"'))
        .map(
          (line) =>
            (JSON.parse(line) as { policyEvent: Record<string, string> }).policyEvent as {
              resourceUrn: string;
              policyName: string;
              enforcementLevel: string;
              message: string;
            },
        );
    };
    const events = policyEvents();
    const engine = events
      .map((e) => {
        const [type, name] = e.resourceUrn.split("::").slice(-2);
        return [e.policyName, e.enforcementLevel, name, type].join(" ");
      })
      .sort();
    // The pack as the package ships it (dist/policy, compiled, its dependencies the package's)
    // reports the same.
    if (!existsSync(join(REPO, "dist/policy/PulumiPolicy.yaml"))) {
      ok(spawnSync("npm", ["run", "build"], { cwd: REPO, encoding: "utf8" }));
    }
    const sorted = (list: typeof events) => list.map((e) => JSON.stringify(e)).sort();
    assert.deepEqual(sorted(policyEvents(join(REPO, "dist/policy"))), sorted(events));

    const offline = spawnSync(
      process.execPath,
      [CLI, "policy", "dev", "--program", join(breaks, "index.ts"), "--json"],
      { cwd: REPO, env, encoding: "utf8" },
    );
    assert.equal(offline.status, 1, offline.stderr);
    const { violations } = JSON.parse(offline.stdout) as {
      violations: Array<Record<string, string>>;
    };
    assert.deepEqual(
      engine,
      violations.map((v) => [v.policy, v.enforcementLevel, v.resource, v.type].join(" ")).sort(),
    );
    assert.equal(engine.length, 2);
    for (const v of violations) {
      const event = events.find((e) => e.policyName === v["policy"])!;
      assert.ok(event.message.includes(v["message"]!), `${v["policy"]}: ${event.message}`);
    }
  });

  it("expands yaml.ConfigFile and yaml.ConfigGroup into the children tls-edge render shows", () => {
    const dir = join(root, "yaml-components");
    const out = join(root, "yaml-out");
    mkdirSync(dir);
    for (const file of ["index.ts", "objects.yaml"]) {
      cpSync(join(REPO, "test/render/fixtures/yaml", file), join(dir, file));
    }
    symlinkSync(join(REPO, "node_modules"), join(dir, "node_modules"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: yaml-components\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "Pulumi.dev.yaml"),
      stringify({ config: { "kubernetes:renderYamlToDirectory": out } }),
    );
    const run = pulumiIn(dir);
    ok(run("stack", "init", "dev"));
    try {
      ok(run("up", "--yes", "--skip-preview", "-s", "dev"));
      const exported = JSON.parse(ok(run("stack", "export", "-s", "dev"))) as {
        deployment: { resources: Array<{ type: string; urn: string; parent?: string }> };
      };
      const nameOf = (urn: string) => urn.split("::").slice(-1)[0]!;
      const engine = exported.deployment.resources
        .filter((r) => !r.type.startsWith("pulumi:"))
        .map((r) => [r.type, nameOf(r.urn), r.parent ? nameOf(r.parent) : null].join(" "))
        .sort();

      const offline = join(root, "yaml-offline");
      const render = spawnSync(
        process.execPath,
        [CLI, "render", "dev", "--program", join(dir, "index.ts"), "--out", offline],
        { cwd: REPO, env, encoding: "utf8" },
      );
      assert.equal(render.status, 0, render.stderr);
      const resources = JSON.parse(
        readFileSync(join(offline, "dev/resources.json"), "utf8"),
      ) as Array<{ type: string; name: string; parent: string | null }>;
      const shown = resources.map((r) => [r.type, r.name, r.parent ?? "yaml-components-dev"]);
      assert.deepEqual(shown.map((r) => r.join(" ")).sort(), engine);

      const documents = parseAllDocuments(
        readFileSync(join(offline, "dev/manifests.yaml"), "utf8"),
      );
      const expected = new Map(
        documents.map((d) => d.toJS() as KubeObject).map((o) => [keyOf(o), o] as const),
      );
      const made = engineObjects(out);
      assert.equal(made.size, 8);
      assert.deepEqual([...made.keys()].sort(), [...expected.keys()].sort());
      for (const [key, object] of made) assert.deepEqual(object, expected.get(key), key);
    } finally {
      ok(run("destroy", "--yes", "--skip-preview", "-s", "dev"));
    }
  });

  it("keeps a TlsSecret's private key out of the state file in plain text", (t) => {
    const pki = new Pki();
    t.after(() => pki.dispose());
    const ca = pki.selfSigned("engine-ca", { cn: "engine test CA", ca: true });
    const leaf = pki.leaf("shop", ca, { cn: "shop.example.com", sans: ["shop.example.com"] });
    const dir = join(project, "test/engine/fixtures/tls-secret");
    writeFileSync(join(dir, "Pulumi.yaml"), "name: tls-secret\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "Pulumi.dev.yaml"),
      stringify({ config: { "kubernetes:renderYamlToDirectory": join(root, "secret-out") } }),
    );
    const run = pulumiIn(dir, { TLS_EDGE_CERT: leaf.certFile, TLS_EDGE_KEY: leaf.keyFile });
    ok(run("stack", "init", "dev"));
    ok(run("up", "--yes", "--skip-preview", "-s", "dev"));

    const stateDir = join(root, "state/.pulumi/stacks");
    const states = readdirSync(stateDir, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith(".json"))
      .map((f) => readFileSync(join(stateDir, f), "utf8"));
    assert.ok(
      states.some((s) => s.includes("shop-tls")),
      "the TlsSecret is in the state",
    );
    const keyBody = leaf.key.split("\n")[1]!;
    for (const state of states) {
      assert.doesNotMatch(state, /-----BEGIN [A-Z ]*PRIVATE KEY-----/);
      assert.ok(!state.includes(keyBody), "a line of the key is in the state");
      assert.ok(!state.includes(Buffer.from(leaf.key).toString("base64").slice(0, 40)));
    }
    assert.ok(
      states.some((s) => s.includes('"ciphertext"')),
      "secret values are stored encrypted",
    );
    ok(run("destroy", "--yes", "--skip-preview", "-s", "dev"));
  });

  it("runs an AcmeRehearsal, a dynamic resource, against Pebble: up, up again unchanged, destroy", async () => {
    const pebble = await startPebble();
    try {
      const dir = join(project, "test/engine/fixtures/acme-rehearsal");
      writeFileSync(join(dir, "Pulumi.yaml"), "name: acme-rehearsal\nruntime: nodejs\n");
      const run = pulumiIn(dir, {
        TLS_EDGE_PEBBLE: JSON.stringify({
          directoryUrl: pebble.directoryUrl,
          caPem: pebble.caPem,
          managementUrl: pebble.challtestsrvUrl,
          dnsServer: pebble.dnsServer,
        }),
      });
      ok(run("stack", "init", "dev"));
      ok(run("up", "--yes", "--skip-preview", "-s", "dev"));
      const outputs = JSON.parse(ok(run("stack", "output", "--json", "-s", "dev"))) as {
        issuer: string;
        sans: string[];
      };
      assert.match(outputs.issuer, /Pebble/);
      assert.deepEqual([...outputs.sans].sort(), ["engine.test", "www.engine.test"]);
      ok(run("up", "--yes", "--expect-no-changes", "-s", "dev"));
      ok(run("destroy", "--yes", "--skip-preview", "-s", "dev"));
    } finally {
      await pebble.stop();
    }
  });

  it("accepts a provider credential set with --secret and refuses it in plain text", () => {
    const key = "cloudflare:apiToken";
    try {
      ok(pulumi(project, "config", "set", "--secret", key, "engine-test-token", "-s", "dev"));
      ok(pulumi(project, "preview", "-s", "dev"));
      ok(pulumi(project, "config", "set", "--plaintext", key, "engine-test-token", "-s", "dev"));
      const plain = pulumi(project, "preview", "-s", "dev");
      assert.notEqual(plain.status, 0, "a credential in plain text must fail the preview");
      assert.match(
        plain.stdout + plain.stderr,
        /cloudflare:apiToken: holds a credential in plain text; set it with 'pulumi config set --secret cloudflare:apiToken'/,
      );
    } finally {
      ok(pulumi(project, "config", "rm", key, "-s", "dev"));
    }
  });

  it("pulumi destroy removes everything", () => {
    ok(pulumi(project, "destroy", "--yes", "--skip-preview", "-s", "dev"));
    const exported = JSON.parse(ok(pulumi(project, "stack", "export", "-s", "dev"))) as {
      deployment: { resources?: unknown[] };
    };
    assert.deepEqual(exported.deployment.resources ?? [], []);
    const left = existsSync(rendered)
      ? readdirSync(rendered, { recursive: true }).filter((f) => String(f).endsWith(".yaml"))
      : [];
    assert.deepEqual(left, [], "destroy removes the rendered manifests");
  });
});
