/**
 * A command run to completion without blocking the event loop, so a test can serve or play parts
 * meanwhile (spawnSync would hold them until the child ends).
 */
import { spawn, type SpawnOptions } from "node:child_process";

/** What a finished command gave. */
export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` and resolves with its exit status and output once it ends. */
export function runAsync(
  command: string,
  args: readonly string[],
  options: SpawnOptions = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}
