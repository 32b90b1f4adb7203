/**
 * Type tests that hold across copies of the package. A program can load tls-edge twice (its own
 * dependency and another library's), and then `instanceof` fails for a component made by the
 * other copy. Pulumi's generated SDKs compare the type token every resource carries instead
 * (`Bucket.isInstance`); tls-edge's components do the same through these helpers.
 */

/** Whether `obj` is a resource registered with the type token `type`. */
export function hasPulumiType(obj: unknown, type: string): boolean {
  // The SDK sets `__pulumiType` on every resource it constructs (resource.js).
  return brandOf(obj, "__pulumiType") === type;
}

/** Whether `obj` carries the brand `key` set to `value` (for classes a type token cannot tell). */
export function hasBrand(obj: unknown, key: string, value: unknown): boolean {
  return brandOf(obj, key) === value;
}

function brandOf(obj: unknown, key: string): unknown {
  return typeof obj === "object" && obj !== null
    ? (obj as Record<string, unknown>)[key]
    : undefined;
}
