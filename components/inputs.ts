/** Telling plain values from Outputs and Promises at construction. */
import * as pulumi from "@pulumi/pulumi";

/**
 * Whether a value holds no Output or Promise at any depth, so it can be used as it is. Components
 * build plain objects from plain arguments, which saves an Output chain per resource.
 */
export function isKnownDeep<T>(value: unknown): value is T {
  if (value === null || typeof value !== "object") return true;
  if (pulumi.Output.isInstance(value) || typeof (value as { then?: unknown }).then === "function") {
    return false;
  }
  if (Array.isArray(value)) return value.every((item) => isKnownDeep(item));
  return Object.values(value).every((item) => isKnownDeep(item));
}
