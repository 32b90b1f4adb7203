/**
 * Reading resource properties the way the policy engine hands them over: plain JSON behind
 * `unknownCheckingProxy`, where touching a value known only after deployment throws
 * `UnknownValueError`. Rules read through these helpers so every unknown gets an explicit answer.
 */
import { UnknownValueError } from "./unknowns";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a string, else undefined. */
export function str(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

/** The value when it is an array, else an empty array. */
export function list(value: unknown): unknown[] {
  return Array.isArray(value) ? (value as unknown[]) : [];
}

/** The value when it is an object, else an empty one. */
export function rec(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** Reports a value the rule cannot check during a preview. */
export function cannotVerify(what: string, error: UnknownValueError): string {
  return (
    `cannot verify ${what} at preview: ${error.message}. Fix: make that value a plain ` +
    `value in the program, or check again once it is known (after the resource it comes from exists)`
  );
}

/**
 * Runs `read`; if it touches a value unknown at preview, reports "cannot verify <what> at
 * preview" through `report` and returns undefined. Other errors propagate. The policy engine's
 * counterpart of the components' `isKnown` (components/lib/inputs.ts): there an unknown is an
 * Output one can test; here it is a property that throws `UnknownValueError` when read, so the
 * only test is reading it.
 */
export function whenKnown<T>(read: () => T, report: (message: string) => void, what: string) {
  try {
    return read();
  } catch (err) {
    if (err instanceof UnknownValueError) {
      report(cannotVerify(what, err));
      return undefined;
    }
    throw err;
  }
}

/** Deep equality over JSON values (solvers, selectors), independent of key order. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => jsonEqual(x, b[i]));
  }
  if (isRecord(a) && isRecord(b)) {
    const ka = Object.keys(a).filter((k) => a[k] !== undefined);
    const kb = Object.keys(b).filter((k) => b[k] !== undefined);
    return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
  }
  return false;
}
