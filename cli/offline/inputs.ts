/**
 * Checks on what the user names on the command line before anything runs or is written: the
 * stack name (it becomes a folder and a file name), the program (it must be a Pulumi program),
 * the stack file (YAML as Pulumi reads it) and the output folder (it must be writable).
 */
import { existsSync, lstatSync, mkdirSync, readFileSync, statSync } from "node:fs";
import { dirname, extname, join, parse as parsePath, resolve } from "node:path";
import { parseDocument, type YAMLError } from "yaml";

/** Input the user gave that cannot work; the CLI reports it as a usage error (exit 2). */
export class InputError extends Error {}

/** Pulumi's limit on stack names (sdk/go/common/tokens/stack_name.go, `ParseStackName`). */
export const MAX_STACK_NAME = 100;

/**
 * Refuses a stack name Pulumi refuses: empty, longer than 100 characters, or with a character
 * outside [A-Za-z0-9_.-] (sdk/go/common/tokens/stack_name.go, `ParseStackName`). Pulumi accepts
 * `.` and `..`; here the name becomes a folder under --out, so those are refused too.
 */
export function checkStackName(stack: string): void {
  const fix = "give a stack name such as dev, staging or prod";
  if (stack === "") throw new InputError(`a stack name may not be empty; ${fix}`);
  if (stack.length > MAX_STACK_NAME) {
    throw new InputError(
      `stack name "${stack.slice(0, 20)}..." has ${stack.length} characters, more than the ${MAX_STACK_NAME} Pulumi allows`,
    );
  }
  const bad = /[^A-Za-z0-9_.-]/.exec(stack);
  if (bad) {
    throw new InputError(
      `stack name ${JSON.stringify(stack)}: a stack name may only contain letters, digits, hyphens, underscores or periods (invalid character ${JSON.stringify(bad[0])} at position ${bad.index}); ${fix}`,
    );
  }
  if (stack === "." || stack === "..") {
    throw new InputError(`stack name "${stack}" names a folder, not a stack; ${fix}`);
  }
}

/** What the Node.js language host can run: a TypeScript or JavaScript module. */
const PROGRAM_FILE = /\.(ts|mts|cts|js|mjs|cjs)$/;

export interface ProgramEntry {
  /** The module to load. */
  readonly entry: string;
  /** The folder holding the program's Pulumi.yaml, if it has one. */
  readonly projectDir?: string;
}

function readRuntime(projectFile: string): { runtime?: string; main?: string } {
  const doc = checkYamlFile(projectFile) as {
    runtime?: string | { name?: string };
    main?: string;
  } | null;
  const runtime = typeof doc?.runtime === "string" ? doc.runtime : doc?.runtime?.name;
  return {
    ...(runtime ? { runtime } : {}),
    ...(typeof doc?.main === "string" ? { main: doc.main } : {}),
  };
}

/**
 * Resolves `--program` to the module to load, refusing what is not a Pulumi program: a file that
 * is not TypeScript or JavaScript (package.json, README.md), a declaration file, a folder with
 * neither Pulumi.yaml nor index.ts/index.js, or a project for another language runtime.
 */
export function resolveProgram(program: string): ProgramEntry {
  const flag = `--program ${program}`;
  const fix =
    "give the program's entry file (index.ts or index.js) or the folder holding its Pulumi.yaml";
  if (!existsSync(program)) throw new InputError(`${flag} does not exist; ${fix}`);
  const path = resolve(program);
  const checkRuntime = (projectFile: string): string | undefined => {
    const { runtime, main } = readRuntime(projectFile);
    if (runtime !== undefined && runtime !== "nodejs") {
      throw new InputError(
        `${flag}: ${projectFile} is a "${runtime}" project; tls-edge runs Node.js (TypeScript or JavaScript) programs only`,
      );
    }
    return main;
  };
  if (statSync(path).isDirectory()) {
    const projectFile = join(path, "Pulumi.yaml");
    const main = existsSync(projectFile) ? checkRuntime(projectFile) : undefined;
    const candidates = main ? [resolve(path, main)] : [];
    candidates.push(...["index.ts", "index.js"].map((f) => join(path, f)));
    const entry = candidates.find((c) => existsSync(c));
    if (!entry) throw new InputError(`${flag} is a folder with no index.ts or index.js; ${fix}`);
    return existsSync(projectFile) ? { entry, projectDir: path } : { entry };
  }
  if (!PROGRAM_FILE.test(path) || /\.d\.[cm]?ts$/.test(path)) {
    throw new InputError(
      `${flag} is not a Pulumi program (${extname(path) || "no extension"}); ${fix}`,
    );
  }
  const projectFile = join(dirname(path), "Pulumi.yaml");
  if (!existsSync(projectFile)) return { entry: path };
  checkRuntime(projectFile);
  return { entry: path, projectDir: dirname(path) };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "nothing";
  return `the ${typeof value} ${JSON.stringify(value)}`;
}

function yamlProblem(file: string, text: string, e: YAMLError): string {
  const at = e.linePos?.[0];
  const where = at ? `${file}:${at.line}:${at.col}` : file;
  if (e.code === "DUPLICATE_KEY") {
    const line = text.slice(e.pos[0]).split("\n")[0]!;
    const key = (/^(.*?):(?:\s|$)/.exec(line)?.[1] ?? line).trim();
    return `${where}: the key ${key} is set twice; keep one`;
  }
  return `${where}: ${e.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "")}`;
}

/**
 * Parses a YAML file as Pulumi does (gopkg.in/yaml.v3 refuses duplicate keys), naming the file,
 * line and column of every syntax error.
 */
export function checkYamlFile(file: string): unknown {
  const text = readFileSync(file, "utf8");
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new InputError(doc.errors.map((e) => yamlProblem(file, text, e)).join("\n"));
  }
  return doc.toJS() as unknown;
}

/**
 * Checks a `Pulumi.<stack>.yaml` before its values are read: valid YAML, a map at the top and a
 * map under `config:`, as Pulumi's `LoadProjectStackBytes` (sdk/go/common/workspace/loaders.go)
 * unmarshals it into a `config.Map`.
 */
export function checkStackFile(file: string): void {
  if (!existsSync(file)) return;
  const doc = checkYamlFile(file);
  if (doc === null || doc === undefined) return;
  const shape = 'a map of keys to values, e.g. "tls-edge:environment: dev"';
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new InputError(
      `${file}: expected a map with a config: key holding ${shape}, got ${describe(doc)}`,
    );
  }
  const config = (doc as Record<string, unknown>)["config"];
  if (
    config !== undefined &&
    config !== null &&
    (typeof config !== "object" || Array.isArray(config))
  ) {
    throw new InputError(`${file}: config: must be ${shape}, got ${describe(config)}`);
  }
}

/**
 * Creates a folder and its parents one level at a time, failing on the first level that cannot
 * be made. Node's `mkdirSync(path, {recursive: true})` retries for ever when a parent exists but
 * the child still cannot be found (a path under /proc: mkdir says ENOENT, the parent EEXIST).
 */
export function makeFolder(path: string, flag: string): void {
  const full = resolve(path);
  const { root } = parsePath(full);
  let current = root;
  for (const part of full
    .slice(root.length)
    .split(/[\\/]+/)
    .filter(Boolean)) {
    current = join(current, part);
    let stat;
    try {
      stat = lstatSync(current);
    } catch {
      stat = undefined;
    }
    if (stat?.isSymbolicLink()) stat = existsSync(current) ? statSync(current) : undefined;
    if (stat) {
      if (!stat.isDirectory()) {
        throw new InputError(`${flag}: ${current} is a file, not a folder; give a folder`);
      }
      continue;
    }
    try {
      mkdirSync(current);
    } catch (err) {
      const { code, message } = err as NodeJS.ErrnoException;
      throw new InputError(
        `${flag}: cannot create ${current} (${code ?? message}); give a folder you can write to`,
      );
    }
  }
}

/** Refuses a run that registered nothing: no silent "0 resources", no empty render. */
export function requireResources(
  resources: readonly { readonly type: string }[],
  program: string | undefined,
): void {
  // The root stack resource is the runtime's own, made even for an empty module.
  if (resources.some((r) => r.type !== "pulumi:pulumi:Stack")) return;
  throw new Error(
    `${program ? `--program ${program}` : "the program"} registered no resources; give the program's entry file (the module that creates the resources)`,
  );
}

/**
 * The command-line checks render, policy and inspect share: a stack name Pulumi accepts, and a
 * Pulumi program (given, or this project's with its stack file).
 */
export function checkStackArgs(stack: string, program: string | undefined): void {
  checkStackName(stack);
  if (program !== undefined) {
    resolveProgram(program);
    return;
  }
  const file = join("stacks", `Pulumi.${stack}.yaml`);
  if (!existsSync(file)) {
    throw new InputError(
      `no stack '${stack}': ${file} does not exist (run from the project root, or give --program)`,
    );
  }
}
