/**
 * Validation helpers for the edge components: every `validateXxxArgs` collects all problems and
 * throws one error whose lines read `<property path>: <what is wrong>; <what to do instead>`.
 */

import type * as pulumi from "@pulumi/pulumi";

/** The problems found in one set of args. */
export class ArgsProblems {
  private readonly lines: string[] = [];

  /** Records one problem at a property path. */
  add(path: string, what: string, todo: string): void {
    this.lines.push(`${path}: ${what}; ${todo}`);
  }

  /** Throws one Error listing every problem, one a line; does nothing when there are none. */
  throwIfAny(): void {
    if (this.lines.length > 0) throw new Error(this.lines.join("\n"));
  }
}

/**
 * A value known now (not an Output or a Promise). Outputs cannot be checked synchronously, so
 * validation looks only at plain values and leaves the rest to the API server.
 */
export function known<T>(value: pulumi.Input<T> | undefined | null): value is T {
  return (
    value !== undefined &&
    value !== null &&
    !(typeof value === "object" && ("apply" in value || "then" in value))
  );
}
