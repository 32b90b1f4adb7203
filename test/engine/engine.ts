/**
 * The real Pulumi engine for tests: the CLI, the Node.js language host and the providers that
 * scripts/engine/build.sh builds, found on PATH (`npm run test:engine` and `npm run test:cluster`
 * put them there). A scratch PULUMI_HOME, a local file backend and a random passphrase keep each
 * run to itself; plugins are never downloaded.
 */
import assert from "node:assert/strict";
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parse, parseAllDocuments, stringify } from "yaml";
import { pulumiEnv } from "../helpers/pulumi-env";

export const REPO = resolve(__dirname, "../..");
const CLI = join(REPO, "bin/tls-edge.js");

/** The engine's own commands; a lane adds what else it needs on PATH. */
const ENGINE_COMMANDS = [
  "pulumi",
  "pulumi-language-nodejs",
  "pulumi-resource-kubernetes",
  "pulumi-resource-tls",
  "pulumi-resource-pulumi-nodejs",
];

function onPath(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

/**
 * Why the engine cannot run here (for `describe(..., { skip })`), or false when it can. Under
 * CI=true a missing command throws instead: the lane must not pass by skipping.
 */
export function engineSkip(lane: string, extra: readonly string[] = []): string | false {
  const missing = [...ENGINE_COMMANDS, ...extra].filter((c) => !onPath(c));
  if (missing.length === 0) return false;
  if (process.env["CI"] === "true") {
    throw new Error(`these tests need ${missing.join(", ")} on PATH; run them with ${lane}`);
  }
  return `${missing.join(", ")} not on PATH: run ${lane}, which builds them`;
}

/** An object as the engine or the offline render writes it. */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  data?: Record<string, string>;
  stringData?: unknown;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  spec?: any;
};

export const keyOf = (o: KubeObject) =>
  `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ""}/${o.metadata.name}`;

/**
 * A Secret as the offline render writes it: the provider sends `stringData` as base64 `data`,
 * and the offline render keeps each key of `stringData` with its value masked. Checks the key
 * material of a CA's Secret (`<name>-ca`) on the way.
 */
export function maskedSecret(secret: KubeObject): KubeObject {
  const data = Object.fromEntries(
    Object.entries(secret.data ?? {}).map(([k, v]) => [k, Buffer.from(v, "base64").toString()]),
  );
  if (secret.metadata.name.endsWith("-ca")) {
    assert.deepEqual(Object.keys(data).sort(), ["ca.crt", "tls.crt", "tls.key"]);
    assert.match(data["tls.key"]!, /^-----BEGIN (EC )?PRIVATE KEY-----/);
    assert.match(data["tls.crt"]!, /^-----BEGIN CERTIFICATE-----/);
  }
  const { data: _data, ...rest } = secret;
  return { ...rest, stringData: Object.fromEntries(Object.keys(data).map((k) => [k, "[secret]"])) };
}

/**
 * An applied object as the offline render shows it: a Secret masked key by key (after checking its
 * key material), and the internal CA's certificate, which the offline render cannot know, as the
 * render's placeholder once it is checked to be the CA the TLS provider made.
 */
export function asRendered(o: KubeObject, caPem: string | undefined): KubeObject {
  if (o.kind === "Secret") return maskedSecret(o);
  if (o.kind !== "ConfigMap" || o.data?.["ca.crt"] === undefined) return o;
  assert.ok(caPem !== undefined, `${keyOf(o)}: a ca.crt with no internal CA applied`);
  assert.equal(o.data["ca.crt"], caPem, `${keyOf(o)}: ca.crt is the internal CA`);
  return { ...o, data: { ...o.data, "ca.crt": "(known after deployment)" } };
}

export function ok(result: SpawnSyncReturns<string>): string {
  assert.equal(result.status, 0, `${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A scratch Pulumi installation: home, local backend and passphrase of its own. */
export class Engine {
  readonly root = mkdtempSyncIn("tls-edge-engine-");
  readonly env: NodeJS.ProcessEnv = pulumiEnv(this.root);

  constructor() {
    mkdirSync(join(this.root, "state"));
  }

  /** Runs the CLI in `cwd`, with extra environment for programs that read it. */
  pulumiIn(cwd: string, extra: NodeJS.ProcessEnv = {}) {
    return (...args: string[]): SpawnSyncReturns<string> =>
      spawnSync("pulumi", [...args, "--non-interactive"], {
        cwd,
        env: { ...this.env, ...extra },
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
  }

  /**
   * A project folder of its own under the root: the repository's program, one stack file
   * changed by `edit`, no build output.
   */
  makeProject(stack: string, edit: (config: Record<string, unknown>) => void): string {
    const project = join(this.root, "project");
    mkdirSync(project, { recursive: true });
    for (const entry of ["Pulumi.yaml", "package.json", "tsconfig.json"]) {
      cpSync(join(REPO, entry), join(project, entry));
    }
    for (const dir of ["components", "stacks", "policy", "test/engine/fixtures"]) {
      cpSync(join(REPO, dir), join(project, dir), { recursive: true });
    }
    symlinkSync(join(REPO, "node_modules"), join(project, "node_modules"));
    const stackFile = join(project, `stacks/Pulumi.${stack}.yaml`);
    const file = parse(readFileSync(stackFile, "utf8")) as { config: Record<string, unknown> };
    edit(file.config);
    writeFileSync(stackFile, stringify(file));
    return project;
  }

  /** `tls-edge render <stack>` of the project in `cwd`: manifests.yaml's objects, in order. */
  offlineManifests(cwd: string, stack: string): KubeObject[] {
    const out = mkdtempSyncIn("tls-edge-render-");
    try {
      const render = spawnSync(process.execPath, [CLI, "render", stack, "--out", out], {
        cwd,
        env: this.env,
        encoding: "utf8",
      });
      assert.equal(render.status, 0, `tls-edge render ${stack}:\n${render.stdout}${render.stderr}`);
      return parseAllDocuments(readFileSync(join(out, stack, "manifests.yaml"), "utf8"))
        .map((d) => d.toJS() as KubeObject | null)
        .filter((o): o is KubeObject => o !== null);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

function mkdtempSyncIn(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** The signature Pulumi's state marks a secret value with (sdk/go/common/resource/sig). */
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

/** State inputs with each secret, as `stack export --show-secrets` writes it, in plain text. */
export function revealed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(revealed);
  if (value === null || typeof value !== "object") return value;
  const o = value as Record<string, unknown>;
  if (o["4dabf18193072939515e22adb298388d"] === SECRET_SIG) {
    return revealed(JSON.parse(o["plaintext"] as string));
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, revealed(v)]));
}
