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
import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { Pki } from "../helpers/pki";
import { startPebble } from "../helpers/pebble";
import { Engine, REPO, asRendered, engineSkip, keyOf, ok, type KubeObject } from "./engine";

const ANALYZER = join(REPO, "scripts/engine/policy-analyzer.sh");
const CLI = join(REPO, "bin/tls-edge.js");
const skip = engineSkip("npm run test:engine", ["pebble"]);

describe("the real engine", { skip }, () => {
  const engine = new Engine();
  const { root, env } = engine;
  const rendered = join(root, "rendered");
  let project = "";

  /** Runs the CLI in `cwd`, with extra environment for programs that read it. */
  const pulumiIn = (cwd: string, extra: NodeJS.ProcessEnv = {}) => engine.pulumiIn(cwd, extra);
  const pulumi = (cwd: string, ...args: string[]) => pulumiIn(cwd)(...args);

  function engineObjects(): Map<string, KubeObject> {
    const objects = new Map<string, KubeObject>();
    for (const phase of readdirSync(rendered)) {
      for (const file of readdirSync(join(rendered, phase))) {
        const object = parse(readFileSync(join(rendered, phase, file), "utf8")) as KubeObject;
        objects.set(keyOf(object), object);
      }
    }
    return objects;
  }

  before(() => {
    project = engine.makeProject("dev", (config) => {
      config["tls-edge:installCharts"] = false;
      config["kubernetes:renderYamlToDirectory"] = rendered;
    });
    ok(pulumi(project, "stack", "init", "dev"));
  });
  after(() => engine.dispose());

  it("pulumi up creates what tls-edge render shows, object for object", () => {
    const up = ok(pulumi(project, "up", "--yes", "--skip-preview", "-s", "dev"));
    assert.match(up, /Resources:\s+\+ \d+ created/);
    const expected = new Map(
      engine.offlineManifests(project, "dev").map((o) => [keyOf(o), o] as const),
    );
    const made = engineObjects();
    assert.ok(made.size >= 6, `the engine rendered only ${made.size} objects`);
    assert.deepEqual([...made.keys()].sort(), [...expected.keys()].sort());
    const caSecret = [...made.values()].find((o) => o.kind === "Secret");
    const caPem = Buffer.from(caSecret?.data?.["tls.crt"] ?? "", "base64").toString();
    for (const [key, object] of made) {
      assert.deepEqual(asRendered(object, caPem), expected.get(key), key);
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
    const preview = pulumiIn(breaks, { PULUMI_ENABLE_STREAMING_JSON_PREVIEW: "true" })(
      "preview",
      "-s",
      "dev",
      "--policy-pack",
      ANALYZER,
      "--json",
    );
    assert.notEqual(preview.status, 0, "a mandatory violation must fail the preview");
    const events = preview.stdout
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
    const engine = events
      .map((e) => {
        const [type, name] = e.resourceUrn.split("::").slice(-2);
        return [e.policyName, e.enforcementLevel, name, type].join(" ");
      })
      .sort();

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
