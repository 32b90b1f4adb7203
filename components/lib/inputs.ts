/**
 * Arguments known now and arguments known only at deployment. The rule every component follows:
 * an argument typed `pulumi.Input<T>` that is validated is checked at construction when it is a
 * plain value and, when it is an Output, again at deployment with the same message (the check
 * gates the resource input it flows into, so a failure fails that resource and the deployment);
 * every other argument must be plain, and an Output there is refused at construction.
 */
import * as pulumi from "@pulumi/pulumi";
import type { Problems } from "./problems";

function isPending(value: unknown): boolean {
  return (
    pulumi.Output.isInstance(value) ||
    (typeof value === "object" &&
      value !== null &&
      typeof (value as { then?: unknown }).then === "function")
  );
}

/** A value known now: present, and not an Output or a Promise (it may hold them inside). */
export function isKnown<T>(value: pulumi.Input<T> | undefined | null): value is T {
  return value !== undefined && value !== null && !isPending(value);
}

/**
 * Whether a value holds no Output or Promise at any depth, so it can be used as it is. A
 * component or resource counts as known: it is a reference, whatever Outputs it holds.
 */
export function isKnownDeep<T>(value: unknown): value is T {
  if (value === null || typeof value !== "object") return true;
  if (isPending(value)) return false;
  if (pulumi.Resource.isInstance(value)) return true;
  if (Array.isArray(value)) return value.every((item) => isKnownDeep(item));
  return Object.values(value).every((item) => isKnownDeep(item));
}

/**
 * Refuses Outputs in the arguments that must be plain: each field of `args` that holds an Output
 * or a Promise is a problem, except the paths in `inputs` (those typed `pulumi.Input`, dotted
 * for fields of a plain object, e.g. `subject.commonName`, and `ids[]` for a plain array whose
 * items may be Outputs). `why` says what the component decides from plain values at
 * construction.
 */
export function outputProblems(
  p: Problems,
  at: string,
  args: object,
  inputs: readonly string[],
  why: string,
): void {
  for (const [field, value] of Object.entries(args)) {
    if (inputs.includes(field)) continue;
    if (inputs.includes(`${field}[]`) && (value === undefined || Array.isArray(value))) continue;
    const nested = inputs
      .filter((path) => path.startsWith(`${field}.`))
      .map((path) => path.slice(field.length + 1));
    if (nested.length > 0 && isKnown(value) && typeof value === "object" && !Array.isArray(value)) {
      outputProblems(p, `${at}.${field}`, value, nested, why);
    } else if (!isKnownDeep(value)) {
      p.add(
        `${at}.${field}`,
        "is an Output (or a Promise), where a plain value is needed",
        `pass it as a plain value: ${why}`,
      );
    }
  }
}

function getPath(value: unknown, path: readonly string[]): unknown {
  return path.reduce<unknown>(
    (v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
    value,
  );
}

function setPath<T>(value: T, path: readonly string[], leaf: unknown): T {
  const [key, ...rest] = path;
  const copy = { ...(value as Record<string, unknown>) };
  copy[key!] = rest.length ? setPath(copy[key!], rest, leaf) : leaf;
  return copy as T;
}

/** Replaces each secret value in a message with `[secret]` (whole values, quoted or not). */
function redact(message: string, secrets: readonly unknown[]): string {
  const texts = secrets
    .flatMap((s) => (Array.isArray(s) ? s : [s]))
    .filter((s): s is string | number => typeof s === "string" || typeof s === "number")
    .map(String)
    .filter((s) => s.length > 0)
    .sort((a, b) => b.length - a.length);
  return texts.reduce((m, text) => {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    return m
      .split(JSON.stringify(text))
      .join("[secret]")
      .replace(new RegExp(`(?<![\\w.-])${escaped}(?![\\w.-])`, "g"), "[secret]");
  }, message);
}

/**
 * The args with each Output among `paths` (dotted, e.g. `privateKey.size`) replaced by one that
 * resolves to the same value once `validate` has passed on the args with every one of them
 * resolved. Plain values stay as they are (no Output chain when nothing is pending). Values of
 * secret Outputs are replaced by `[secret]` in the message. In a preview, where a value is
 * unknown, the check waits for the deployment and the resource is still registered.
 */
export function checkedWhenKnown<A extends object>(
  args: A,
  paths: readonly string[],
  validate: (args: A) => void,
): A {
  const pending = paths
    .map((path) => path.split("."))
    .filter((path) => !isKnownDeep(getPath(args, path)));
  if (pending.length === 0) return args;
  const outputs = pending.map((path) => pulumi.output(getPath(args, path)));
  const secrets = pulumi.output(Promise.all(outputs.map((o) => pulumi.isSecret(o))));
  // The gate carries no value, only the verdict: unsecret, so each field keeps its own secrecy.
  const gate = pulumi.unsecret(
    pulumi.all([pulumi.all(outputs), secrets]).apply(([values, secret]) => {
      const resolved = pending.reduce((a, path, i) => setPath(a, path, values[i]), args);
      try {
        validate(resolved);
      } catch (err) {
        if (!(err instanceof Error)) throw err;
        // No cause: it would carry the secret values this message hides.
        // eslint-disable-next-line preserve-caught-error
        throw new Error(
          redact(
            err.message,
            values.filter((_, i) => secret[i]),
          ),
        );
      }
      return true;
    }),
  );
  return pending.reduce(
    (a, path, i) =>
      setPath(
        a,
        path,
        pulumi.all([gate, outputs[i]!]).apply(([, value]) => value),
      ),
    args,
  );
}
