/**
 * Runs `tls-edge render` or `tls-edge policy` on a test program in a child process, as a user
 * would: checks that fail only once a value is known (inside `apply`) surface there, after the
 * program has returned, so they can only be seen from outside the process.
 */
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { it } from "node:test";

const ROOT = resolve(__dirname, "../..");
const BIN = join(ROOT, "bin", "tls-edge.js");

export interface CliRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** resources.json of a render that succeeded. */
  readonly resources?: { type: string; name: string; inputs?: unknown }[];
}

/** `tls-edge <command> outputs --program <program>` with `TLS_EDGE_CASE=<name>` (and `env`). */
export function runCase(
  program: string,
  name: string,
  command: "render" | "policy",
  env: Record<string, string> = {},
): CliRun {
  const out = mkdtempSync(join(tmpdir(), "tls-edge-case-"));
  try {
    const args =
      command === "render"
        ? [BIN, "render", "outputs", "--program", program, "--out", out]
        : [BIN, "policy", "outputs", "--program", program];
    const result = spawnSync(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env, TLS_EDGE_CASE: name },
      encoding: "utf8",
    });
    let resources: CliRun["resources"];
    try {
      resources = JSON.parse(readFileSync(join(out, "outputs", "resources.json"), "utf8"));
    } catch {
      resources = undefined;
    }
    return {
      status: result.status,
      stdout: result.stdout,
      stderr: result.stderr,
      ...(resources ? { resources } : {}),
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/**
 * One test per case and command: `tls-edge render` and `tls-edge policy` of the program exit 1
 * and print exactly `tls-edge <command> outputs: <message>`, and render writes nothing.
 */
export function failsOnceKnown(
  program: string,
  cases: readonly (readonly [string, string])[],
): void {
  for (const [name, message] of cases) {
    for (const command of ["render", "policy"] as const) {
      it(`${command} fails for ${name} with the construction-time message`, () => {
        const run = runCase(program, name, command);
        assert.equal(run.status, 1, run.stdout);
        assert.equal(run.stderr, `tls-edge ${command}: outputs: ${message}\n`);
        assert.equal(run.resources, undefined);
      });
    }
  }
}
