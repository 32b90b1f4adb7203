/**
 * Collecting validation problems: every `validateXxxArgs` gathers all of them and throws one
 * error whose lines read `<property path>: <what is wrong>; <what to do instead>`.
 */

/** The problems found in one set of args. */
export class Problems {
  private readonly lines: string[] = [];

  /** Records one problem at a property path. */
  add(path: string, what: string, todo: string): void {
    this.lines.push(`${path}: ${what}; ${todo}`);
  }

  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.lines.length > 0;
  }

  /** Throws one Error listing every problem, one a line; does nothing when there are none. */
  throwIfAny(): void {
    if (this.lines.length > 0) throw new Error(this.lines.join("\n"));
  }
}
