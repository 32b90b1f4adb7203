/**
 * Generic readers of the stack configuration: each reads one value at a config key, records a
 * problem naming the key (`tls-edge:<key>: ...`) in the shared Problems collector when the value
 * does not fit, and returns a fallback so that every problem is found in one pass.
 */
import { isDns1123Label } from "../components/lib/names";
import type { Problems } from "../components/lib/problems";

export const PROJECT = "tls-edge";

/** A key of this project's config as Pulumi names it: `tls-edge:<key>`. */
export function configKey(key: string): string {
  return `${PROJECT}:${key}`;
}

export type Json = unknown;

export function isObject(v: Json): v is Record<string, Json> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

export function parseValue(raw: string): Json {
  try {
    return JSON.parse(raw) as Json;
  } catch {
    return raw;
  }
}

export function checkKeys(
  p: Problems,
  key: string,
  value: Record<string, Json>,
  allowed: readonly string[],
): void {
  for (const k of Object.keys(value)) {
    if (!allowed.includes(k)) {
      p.add(configKey(`${key}.${k}`), `unknown key; allowed keys are ${allowed.join(", ")}`);
    }
  }
}

export function str(p: Problems, key: string, v: Json, required: boolean): string | undefined {
  if (v === undefined) {
    if (required) p.add(configKey(key), "is required; set it in the stack's Pulumi.<stack>.yaml");
    return undefined;
  }
  if (typeof v !== "string" || v === "") {
    p.add(configKey(key), `must be a non-empty string, got ${JSON.stringify(v)}`);
    return undefined;
  }
  return v;
}

/** Kubernetes keeps replica counts, ports and percentages as int32. */
export const INT32_MAX = 2147483647;
/** The highest TCP port: Kubernetes refuses a Service or backend port above it. */
export const PORT_MAX = 65535;

export function int(
  p: Problems,
  key: string,
  v: Json,
  fallback: number,
  min: number,
  max = INT32_MAX,
): number {
  if (v === undefined) return fallback;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    p.add(configKey(key), `must be a whole number >= ${min}, got ${JSON.stringify(v)}`);
    return fallback;
  }
  if (v > max) {
    const why = max === PORT_MAX ? "the highest TCP port" : "Kubernetes stores it as int32";
    p.add(configKey(key), `must be at most ${max} (${why}), got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

export function bool(p: Problems, key: string, v: Json, fallback: boolean): boolean {
  if (v === undefined) return fallback;
  if (typeof v !== "boolean") {
    p.add(configKey(key), `must be true or false, got ${JSON.stringify(v)}`);
    return fallback;
  }
  return v;
}

export function oneOf<T extends string>(
  p: Problems,
  key: string,
  v: Json,
  allowed: readonly T[],
  fallback: T,
): T {
  if (v === undefined) return fallback;
  const found = allowed.find((a) => a === v);
  if (found === undefined) {
    p.add(configKey(key), `must be one of ${allowed.join(", ")}, got ${JSON.stringify(v)}`);
    return fallback;
  }
  return found;
}

export function namespaceName(p: Problems, key: string, v: Json, fallback: string): string {
  if (v === undefined) return fallback;
  if (typeof v !== "string" || !isDns1123Label(v)) {
    p.add(
      configKey(key),
      `must be a namespace name (lower-case letters, digits, '-'), got ${JSON.stringify(v)}`,
    );
    return fallback;
  }
  return v;
}

export function strings(p: Problems, key: string, v: Json, required: boolean): string[] {
  if (v === undefined) {
    if (required) p.add(configKey(key), "is required: give a list");
    return [];
  }
  if (!Array.isArray(v) || v.some((x) => typeof x !== "string")) {
    p.add(configKey(key), `must be a list of strings, got ${JSON.stringify(v)}`);
    return [];
  }
  return v as string[];
}

export function shapeOf(v: Json): string {
  return `${Array.isArray(v) ? "a list " : ""}${JSON.stringify(v)}`;
}

/**
 * A map with these keys (unknown ones are named); undefined, with the shape expected named, when
 * the value is a list or a scalar, so that nothing is read from it.
 */
export function obj(
  p: Problems,
  key: string,
  v: Json,
  keys?: readonly string[],
): Record<string, Json> | undefined {
  if (v === undefined) return {};
  if (!isObject(v)) {
    const shape = keys ? `a map with the keys ${keys.join(", ")}` : "a map";
    p.add(configKey(key), `must be ${shape}, got ${shapeOf(v)}`);
    return undefined;
  }
  if (keys) checkKeys(p, key, v, keys);
  return v;
}
