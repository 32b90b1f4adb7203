/**
 * Secret configuration as the language host passes it: the stack program must see a provider
 * credential set with `pulumi config set --secret` as secret, through the SDK's own API, and the
 * offline engine must hand configuration over the way the real one does.
 */
import { describe, it, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { startEngine } from "../../cli/offline/engine";

const REPO = resolve(__dirname, "../..");

/** A project folder running the shipped program with dev's config and one extra key. */
function projectWith(extra: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "tls-edge-secret-config-"));
  const main = join(REPO, "stacks/index.ts");
  const project = { name: "tls-edge", runtime: "nodejs", main, stackConfigDir: "stacks" };
  writeFileSync(join(dir, "Pulumi.yaml"), stringify(project));
  mkdirSync(join(dir, "stacks"));
  const dev = parse(readFileSync(join(REPO, "stacks/Pulumi.dev.yaml"), "utf8")) as {
    config: Record<string, unknown>;
  };
  writeFileSync(
    join(dir, "stacks/Pulumi.dev.yaml"),
    stringify({ config: { ...dev.config, ...extra } }),
  );
  return dir;
}

function renderIn(dir: string) {
  return spawnSync(process.execPath, [join(REPO, "bin/tls-edge.js"), "render", "dev"], {
    cwd: dir,
    encoding: "utf8",
  });
}

describe("secret stack configuration", () => {
  const dirs: string[] = [];
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it("accepts cloudflare:apiToken set with --secret", () => {
    // What `pulumi config set --secret cloudflare:apiToken ...` writes to the stack file.
    const dir = projectWith({ "cloudflare:apiToken": { secure: "v1:AAAAAAAAAAAAAAAA:BBBBBBBB" } });
    dirs.push(dir);
    const run = renderIn(dir);
    assert.equal(run.status, 0, `${run.stdout}\n${run.stderr}`);
  });

  it("refuses cloudflare:apiToken in plain text", () => {
    const dir = projectWith({ "cloudflare:apiToken": "plain-token" });
    dirs.push(dir);
    const run = renderIn(dir);
    assert.equal(run.status, 1, run.stdout);
    assert.match(
      run.stderr,
      /cloudflare:apiToken: holds a credential in plain text; set it with 'pulumi config set --secret cloudflare:apiToken'/,
    );
  });

  it("passes config the way the language host does: the secret keys beside the map", async () => {
    startEngine({
      config: { "tls-edge:environment": "dev", "cloudflare:apiToken": "offline-placeholder" },
      secretKeys: ["cloudflare:apiToken"],
    });
    const pulumi = await import("@pulumi/pulumi");
    // The language host's environment: keys as `<namespace>:config:<name>`, which the SDK cleans.
    assert.deepEqual(JSON.parse(process.env["PULUMI_CONFIG"]!), {
      "tls-edge:config:environment": "dev",
      "cloudflare:config:apiToken": "offline-placeholder",
    });
    assert.deepEqual(JSON.parse(process.env["PULUMI_CONFIG_SECRET_KEYS"]!), [
      "cloudflare:apiToken",
    ]);
    // The lookup the program used to make finds nothing: the list is not in the config map.
    const all = pulumi.runtime.allConfig();
    assert.deepEqual(Object.keys(all).sort(), ["cloudflare:apiToken", "tls-edge:environment"]);
    assert.equal(all["PULUMI_CONFIG_SECRET_KEYS"], undefined);
    // The SDK's own API sees the secret.
    const { isConfigSecret } = pulumi.runtime as unknown as {
      isConfigSecret(key: string): boolean;
    };
    assert.equal(isConfigSecret("cloudflare:apiToken"), true);
    assert.equal(isConfigSecret("tls-edge:environment"), false);
  });
});
