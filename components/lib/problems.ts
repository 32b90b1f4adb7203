/**
 * Collecting validation problems: every validation gathers all of them and throws one error
 * whose lines read `<property path>: <what is wrong>; <what to do instead>`. Components, the
 * rehearsal and the stack config all collect through this class.
 */

/** The problems found in one set of args. */
export class Problems {
  private readonly found: string[] = [];

  /** Records one problem at a property path (or config key), with what to do when there is a fix. */
  add(path: string, what: string, todo?: string): void {
    this.found.push(todo === undefined ? `${path}: ${what}` : `${path}: ${what}; ${todo}`);
  }

  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.found.length > 0;
  }

  /** The problems recorded, one line each, in order. */
  get lines(): readonly string[] {
    return this.found;
  }

  /**
   * Throws one Error listing every problem, one a line (under `heading`, indented, when one is
   * given); does nothing when there are none.
   */
  throwIfAny(heading?: string): void {
    if (this.found.length === 0) return;
    throw new Error(
      heading === undefined ? this.found.join("\n") : `${heading}\n  ${this.found.join("\n  ")}`,
    );
  }
}
