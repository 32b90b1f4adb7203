/**
 * `--ca-file` for the commands that take one (inspect, rehearse): every PEM block checked, so a
 * root that does not parse is refused with the file named instead of dropped.
 */
import { X509Certificate } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { escapeForTerminal } from "./terminal";

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * The certificates of a --ca-file, each block parsed: a corrupt block, a key or a folder is
 * refused with the file named, since a root silently dropped turns a healthy server UNTRUSTED.
 */
export function readCaFile(file: string): string {
  const shown = escapeForTerminal(file);
  let stat;
  try {
    stat = statSync(file);
  } catch {
    throw new Error(`--ca-file ${shown} does not exist`);
  }
  if (stat.isDirectory()) {
    throw new Error(`--ca-file ${shown} is a directory: give a PEM file of CA certificates`);
  }
  let pem: string;
  try {
    pem = readFileSync(file, "utf8");
  } catch (err) {
    throw new Error(`--ca-file ${shown} cannot be read: ${(err as Error).message}`, {
      cause: err,
    });
  }
  const blocks = [...pem.matchAll(PEM_BLOCK)];
  const certs = blocks.filter((b) => b[1] === "CERTIFICATE");
  if (certs.length === 0) throw new Error(`--ca-file ${shown} holds no PEM certificate`);
  blocks.forEach((b, i) => {
    if (b[1] !== "CERTIFICATE") {
      throw new Error(
        `--ca-file ${shown}: block ${i + 1} is a ${b[1]}, not a CERTIFICATE: keep only CA certificates in the file`,
      );
    }
    try {
      new X509Certificate(b[0]);
    } catch (err) {
      throw new Error(
        `--ca-file ${shown}: certificate ${i + 1} is corrupt (it does not parse as X.509): replace it with the CA's PEM certificate`,
        { cause: err },
      );
    }
  });
  const begins = pem.split("-----BEGIN ").length - 1;
  if (begins !== blocks.length) {
    throw new Error(
      `--ca-file ${shown}: a BEGIN line has no matching END line: the file is truncated or corrupt`,
    );
  }
  return pem;
}
