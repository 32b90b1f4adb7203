/**
 * `tls-edge inspect` against what the lane serves: the CLI as users run it, its JSON read back.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Pki } from "../helpers/pki";
import type { ControlPlane } from "./control-plane";
import type { KubeObject } from "../engine/engine";

const CLI = join(__dirname, "../../bin/tls-edge.js");

/** `tls-edge inspect <host>:443 --connect-to <address> --json` with these CA files. */
export function inspectVia(
  address: string,
  host: string,
  caFiles: readonly string[],
): SpawnSyncReturns<string> {
  return spawnSync(
    process.execPath,
    [
      CLI,
      "inspect",
      host,
      "--connect-to",
      address,
      ...caFiles.flatMap((f) => ["--ca-file", f]),
      "--json",
    ],
    { encoding: "utf8" },
  );
}

/** The problem codes of the one target of an `inspect --json` answer. */
export function codes(stdout: string): string[] {
  const [result] = JSON.parse(stdout) as Array<{ problems: Array<{ code: string }> }>;
  return (result?.problems ?? []).map((p) => p.code).sort();
}

/** The stack's own CA (the Secret ending in `-ca` the render holds), written to a file. */
export async function writeStackCa(
  plane: ControlPlane,
  rendered: readonly KubeObject[],
): Promise<string> {
  const secret = rendered.find((o) => o.kind === "Secret" && o.metadata.name.endsWith("-ca"));
  if (!secret) throw new Error("the stack renders no CA Secret");
  const live = await plane.client.get(
    `/api/v1/namespaces/${secret.metadata.namespace}/secrets/${secret.metadata.name}`,
  );
  const file = join(plane.dir, "stack-ca.crt");
  writeFileSync(file, Buffer.from(live["data"]["tls.crt"], "base64"));
  return file;
}

let other: Pki | undefined;
/** A CA that signed nothing the stack serves. */
export function otherCaFile(): string {
  other ??= new Pki();
  return other.selfSigned("other-ca", { cn: "some other CA", ca: true }).certFile;
}
