/**
 * The plugin package's two twin programs, for the engine lane (rendered to a folder) and the
 * cluster lane (deployed): the Pulumi YAML program in test/engine/yaml-program, which adds the
 * checkout with `pulumi package add`, and its TypeScript twin in test/engine/fixtures/plugin-program,
 * written against the library. Both read the same config keys (`issuerName`, `edgeNamespace`).
 */
import assert from "node:assert/strict";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parse, stringify } from "yaml";
import { Engine, REPO, keyOf, maskedSecret, ok, type KubeObject } from "./engine";

/** The twins' config: names a cluster may already use. */
export type PluginProgramConfig = Partial<Record<"issuerName" | "edgeNamespace", string>>;

/** The objects `kubernetes:renderYamlToDirectory` wrote under `dir`, Secrets masked. */
export function renderedObjects(dir: string): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  for (const phase of readdirSync(dir)) {
    for (const file of readdirSync(join(dir, phase))) {
      const object = parse(readFileSync(join(dir, phase, file), "utf8")) as KubeObject;
      objects.set(keyOf(object), object.kind === "Secret" ? maskedSecret(object) : object);
    }
  }
  return objects;
}

/**
 * The YAML program in a folder of its own under the engine's root, with the checkout added by
 * `pulumi package add` and a `dev` stack configured; returns the CLI in that folder, for `dev`.
 */
export function yamlProgram(
  engine: Engine,
  folder: string,
  config: PluginProgramConfig = {},
): (...args: string[]) => ReturnType<ReturnType<Engine["pulumiIn"]>> {
  const dir = join(engine.root, folder);
  cpSync(join(REPO, "test/engine/yaml-program"), dir, { recursive: true });
  const yaml = engine.pulumiIn(dir);
  ok(yaml("package", "add", REPO));
  const project = parse(readFileSync(join(dir, "Pulumi.yaml"), "utf8")) as {
    packages?: Record<string, string>;
  };
  assert.deepEqual(project.packages, { "tls-edge": REPO });
  ok(yaml("stack", "init", "dev"));
  for (const [key, value] of Object.entries(config))
    ok(yaml("config", "set", key, value, "-s", "dev"));
  return (...args: string[]) => yaml(...args, "-s", "dev");
}

/**
 * What the TypeScript twin deploys with `config`, rendered to a folder through the real engine
 * and Kubernetes provider (in an Engine of its own, whose project folder it takes).
 */
export function renderTypeScriptTwin(config: PluginProgramConfig = {}): Map<string, KubeObject> {
  const engine = new Engine();
  try {
    const project = engine.makeProject("dev", () => {});
    const dir = join(project, "test/engine/fixtures/plugin-program");
    const out = join(engine.root, "ts-out");
    writeFileSync(join(dir, "Pulumi.yaml"), "name: plugin-program\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "tsconfig.json"),
      JSON.stringify({
        extends: "../../../../tsconfig.json",
        compilerOptions: { target: "es2022" },
      }),
    );
    const stackConfig: Record<string, string> = { "kubernetes:renderYamlToDirectory": out };
    for (const [key, value] of Object.entries(config)) stackConfig[`plugin-program:${key}`] = value;
    writeFileSync(join(dir, "Pulumi.dev.yaml"), stringify({ config: stackConfig }));
    const ts = engine.pulumiIn(dir);
    ok(ts("stack", "init", "dev"));
    ok(ts("up", "--yes", "--skip-preview", "-s", "dev"));
    const objects = renderedObjects(out);
    ok(ts("destroy", "--yes", "--skip-preview", "-s", "dev"));
    return objects;
  } finally {
    engine.dispose();
  }
}
