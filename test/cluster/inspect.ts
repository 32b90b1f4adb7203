/**
 * `tls-edge inspect` against what the lane serves: the CLI as users run it, its JSON read back.
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Pki } from "../helpers/pki";
import { runAsync, type Run } from "../helpers/run-async";
import type { ControlPlane } from "./control-plane";

const CLI = join(__dirname, "../../bin/tls-edge.js");

function inspectArgs(address: string, host: string, caFiles: readonly string[]): string[] {
  return [
    CLI,
    "inspect",
    host,
    "--connect-to",
    address,
    ...caFiles.flatMap((f) => ["--ca-file", f]),
    "--json",
  ];
}

/** `tls-edge inspect <host>:443 --connect-to <address> --json` with these CA files. */
export function inspectVia(
  address: string,
  host: string,
  caFiles: readonly string[],
): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, inspectArgs(address, host, caFiles), { encoding: "utf8" });
}

/**
 * `inspectVia` without blocking the event loop: for endpoints whose server runs in this process
 * (the lane's passthrough apps), which a synchronous child would wait on forever.
 */
export function inspectViaAsync(
  address: string,
  host: string,
  caFiles: readonly string[],
): Promise<Run> {
  return runAsync(process.execPath, inspectArgs(address, host, caFiles));
}

/** The problem codes of the one target of an `inspect --json` answer. */
export function codes(stdout: string): string[] {
  const [result] = JSON.parse(stdout) as Array<{ problems: Array<{ code: string }> }>;
  return (result?.problems ?? []).map((p) => p.code).sort();
}

/** These roots, written to one PEM file for `--ca-file`. */
export async function writeRoots(plane: ControlPlane, roots: readonly X509Certificate[]) {
  const file = join(plane.dir, "stack-roots.crt");
  writeFileSync(file, roots.map((r) => r.toString()).join(""));
  return file;
}

/** The certificates of a PEM bundle, in order. */
export function pemChain(pem: string): X509Certificate[] {
  return (pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? []).map(
    (block) => new X509Certificate(block),
  );
}

/** Whether the chain's first certificate leads, through the others, to one of the roots. */
export function chainsTo(chain: readonly X509Certificate[], roots: readonly X509Certificate[]) {
  let current: X509Certificate | undefined = chain[0];
  const rest = chain.slice(1);
  for (let hops = 0; current && hops <= chain.length; hops++) {
    const cert: X509Certificate = current;
    const signedBy = (issuer: X509Certificate): boolean =>
      cert.checkIssued(issuer) && cert.verify(issuer.publicKey);
    if (roots.some(signedBy)) return true;
    current = rest.find(signedBy);
  }
  return false;
}

let other: Pki | undefined;
/** A CA that signed nothing the stack serves. */
export function otherCaFile(): string {
  other ??= new Pki();
  return other.selfSigned("other-ca", { cn: "some other CA", ca: true }).certFile;
}
