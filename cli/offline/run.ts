/**
 * Runs a Pulumi TypeScript program offline: stack configuration from `Pulumi.<stack>.yaml`
 * (encrypted values become secret placeholders), the recording mock engine, and the program
 * itself inside a stack, as the language host would. One program per process: Pulumi's
 * runtime state is global.
 */
import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { parse } from "yaml";
import { settle, startEngine, type RecordingEngine } from "./engine";
import { checkStackFile, checkStackName, checkYamlFile, resolveProgram } from "./inputs";
// The stack program tells the placeholder from a real secret (an unknown TSIG secret).
import { OFFLINE_RUN_ENV, offlineSecretPlaceholder } from "../../stacks/credentials";

export interface RunOptions {
  /** Stack name, e.g. `dev`. */
  readonly stack: string;
  /** The program's entry file or folder. @default the project's `main` from Pulumi.yaml */
  readonly program?: string;
  /** Folder holding Pulumi.yaml. @default the current directory */
  readonly projectDir?: string;
  /** Run as a preview (values known after deployment are unknown). @default true */
  readonly preview?: boolean;
}

export interface RunResult {
  readonly engine: RecordingEngine;
  readonly project: string;
  readonly stack: string;
  /** Stack configuration as the program saw it (secrets as placeholders). */
  readonly config: Record<string, string>;
  readonly secretKeys: readonly string[];
  /** The stack's outputs, if the program exported any. */
  readonly outputs: Record<string, unknown>;
}

interface ProjectFile {
  name?: string;
  main?: string;
  stackConfigDir?: string;
}

/** Placeholder for an encrypted config value: offline runs never decrypt anything. */
export function securePlaceholder(key: string): string {
  return offlineSecretPlaceholder(key);
}

/** Reads `Pulumi.<stack>.yaml` into the flat `project:key` map the SDK expects. */
export function readStackConfig(
  file: string,
  project: string,
): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  if (!existsSync(file)) return { config, secretKeys };
  const doc = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  for (const [rawKey, value] of Object.entries(doc.config ?? {})) {
    const key = rawKey.includes(":") ? rawKey : `${project}:${rawKey}`;
    if (value && typeof value === "object" && "secure" in value) {
      config[key] = securePlaceholder(key);
      secretKeys.push(key);
    } else if (typeof value === "string") {
      config[key] = value;
    } else {
      config[key] = JSON.stringify(value);
    }
  }
  return { config, secretKeys };
}

function readProject(projectDir: string): ProjectFile {
  const file = join(projectDir, "Pulumi.yaml");
  if (!existsSync(file)) return {};
  return (checkYamlFile(file) ?? {}) as ProjectFile;
}

/** Runs the program and returns what it registered. */
export async function runProgram(options: RunOptions): Promise<RunResult> {
  checkStackName(options.stack);
  const projectDir = resolve(options.projectDir ?? process.cwd());
  const projectFile = readProject(projectDir);
  // A program given explicitly carries its own project: its Pulumi.yaml beside it (or in it).
  const given = options.program ? resolveProgram(options.program) : undefined;
  const program = given ? given.entry : resolve(projectDir, projectFile.main ?? "index.ts");
  const ownDir = given ? given.projectDir : projectDir;
  const ownProject = ownDir ? readProject(ownDir) : {};
  const project =
    ownProject.name ?? (options.program ? "program" : (projectFile.name ?? "project"));
  const configDir = ownDir
    ? join(ownDir, (ownDir === projectDir ? projectFile : ownProject).stackConfigDir ?? "")
    : undefined;
  const stackFile = configDir ? join(configDir, `Pulumi.${options.stack}.yaml`) : undefined;
  if (stackFile) checkStackFile(stackFile);
  const { config, secretKeys } = stackFile
    ? readStackConfig(stackFile, project)
    : { config: {}, secretKeys: [] };

  // Pulumi records a stack trace per resource; mapping each through source maps costs more than
  // the registration itself, and offline runs never show those positions.
  process.setSourceMapsEnabled(false);
  process.env[OFFLINE_RUN_ENV] = "1";
  const engine = startEngine({
    project,
    stack: options.stack,
    preview: options.preview ?? true,
    config,
    secretKeys,
  });
  const pulumi = await import("@pulumi/pulumi");
  const entry = isAbsolute(program) ? program : resolve(program);
  // TypeScript programs load through tsx, as the Pulumi language host loads them through ts-node.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  if (/\.[cm]?ts$/.test(entry) || !/\.[cm]?js$/.test(entry)) require("tsx/cjs");
  const failures = programFailures();
  let outputs: Record<string, unknown> | undefined;
  try {
    outputs = (await pulumi.runtime.runInPulumiStack(async () => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const mod = require(entry) as Record<string, unknown> & { default?: unknown };
      const main = typeof mod === "function" ? mod : mod.default;
      const exported = typeof main === "function" ? await (main as () => unknown)() : mod;
      return exported as Record<string, unknown>;
    })) as Record<string, unknown> | undefined;
    await settle();
  } finally {
    await failures.stop();
  }
  failures.throwIfAny();
  return { engine, project, stack: options.stack, config, secretKeys, outputs: outputs ?? {} };
}

/**
 * What the language host does with a registration that fails after the program returned (an
 * `apply` that throws, e.g. a check of a value known only then): Pulumi's run.ts logs each
 * unhandled rejection once and fails the deployment. The SDK re-raises a failed registration as
 * an unhandled rejection (runtime/resource.js, `runAsyncResourceOp`), so the offline run listens
 * for them too, instead of exiting 0 with the resource silently missing.
 */
function programFailures(): { stop(): Promise<void>; throwIfAny(): void } {
  const seen = new Set<unknown>();
  const onFailure = (err: unknown): void => {
    seen.add(err);
  };
  process.on("unhandledRejection", onFailure);
  process.on("uncaughtException", onFailure);
  return {
    async stop() {
      // Node reports unhandled rejections once the microtask queue drains, before the next
      // macrotask: one turn of the event loop after the last registration settled.
      await new Promise<void>((done) => setImmediate(done));
      process.off("unhandledRejection", onFailure);
      process.off("uncaughtException", onFailure);
    },
    throwIfAny() {
      if (seen.size === 0) return;
      // The SDK rethrows the same Error object from each awaiter, adding each property name
      // to its message: one line per distinct error.
      const messages = [...new Set([...seen].map(failureMessage))];
      throw new Error(messages.join("\n"));
    },
  };
}

function failureMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return message.replace(/^(error serializing property "[^"]*": )+/, "");
}
