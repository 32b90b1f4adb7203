/**
 * The secrets check: every value that carries a private key, a token or an access key must
 * reach the engine as a Pulumi secret, and every such output of a component must be secret.
 */
import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../../cli/offline/engine";
import { isSecretValue } from "../../cli/offline/engine-wire";

/** Field names that carry key material or credentials wherever they appear. */
const SENSITIVE_KEY =
  /(^|[^a-z])(private_?key(_?pem)?|privatekey(pem|pkcs8|openssh)?|tls\.key|token|api_?token|secret_?access_?key|access_?key_?secret|password|hmac_?key|key_?secret|client_?secret|secret_?id|tsig[-_]?secret([-_]?key)?)$/i;

/** Field names that look sensitive but hold references or metadata, not the material. */
const REFERENCE_KEY =
  /(Ref|SecretRef|Name|Type|Id|ID|Algorithm|Size|Encoding|Policy|Ttl|TTL|Path)$/;

/** Values that are key material whatever their field is called. */
const SENSITIVE_VALUE =
  /-----BEGIN ([A-Z ]+ )?PRIVATE KEY-----|offline placeholder (private key|token|secret)/;

function walk(
  value: unknown,
  path: string,
  insideSecret: boolean,
  problems: string[],
  where: string,
): void {
  if (isSecretValue(value)) {
    walk(value.value, path, true, problems, where);
    return;
  }
  if (typeof value === "string") {
    if (!insideSecret && SENSITIVE_VALUE.test(value)) {
      problems.push(`${where}: ${path || "(value)"} holds key material in plain text`);
    }
    return;
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => walk(v, `${path}[${i}]`, insideSecret, problems, where));
    return;
  }
  if (value && typeof value === "object") {
    for (const [key, v] of Object.entries(value)) {
      const childPath = path ? `${path}.${key}` : key;
      if (
        !insideSecret &&
        SENSITIVE_KEY.test(key) &&
        !REFERENCE_KEY.test(key) &&
        typeof v === "string" &&
        v !== ""
      ) {
        problems.push(`${where}: ${childPath} is not a secret`);
        continue;
      }
      walk(v, childPath, insideSecret, problems, where);
    }
  }
}

/** Problems across every recorded resource's inputs. */
export function plainSecretProblems(resources: readonly RecordedResource[]): string[] {
  const problems: string[] = [];
  for (const r of resources) walk(r.inputs, "", false, problems, `${r.type} ${r.name}`);
  return problems;
}

/** Throws when any recorded resource carries key material or a credential in plain text. */
export function assertNoPlainSecrets(resources: readonly RecordedResource[]): void {
  const problems = plainSecretProblems(resources);
  if (problems.length) throw new Error(`plain-text secrets:\n  ${problems.join("\n  ")}`);
}

/** Whether an output is secret, read the way the SDK tracks it. */
export async function isSecretOutput(value: unknown): Promise<boolean> {
  if (!pulumi.Output.isInstance(value)) return false;
  return (value as unknown as { isSecret: Promise<boolean> }).isSecret;
}

/** Throws unless each named output of a component is a secret. */
export async function assertSecretOutputs(
  component: object,
  names: readonly string[],
): Promise<void> {
  const plain: string[] = [];
  for (const name of names) {
    const value = (component as Record<string, unknown>)[name];
    if (!(await isSecretOutput(value))) plain.push(name);
  }
  if (plain.length) throw new Error(`outputs not secret: ${plain.join(", ")}`);
}
