/**
 * No source file of the package grows past 400 lines (components, policy, stacks, cli, plugin):
 * a file that does is doing more than one thing and should be split.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = join(__dirname, "../..");
const MAX_LINES = 400;

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" ? [] : sources(path);
    return e.name.endsWith(".ts") ? [path] : [];
  });
}

describe("source file size", () => {
  it(`no source file has more than ${MAX_LINES} lines`, () => {
    const files = ["components", "policy", "stacks", "cli", "plugin"].flatMap((d) =>
      sources(join(ROOT, d)),
    );
    assert.ok(files.length > 50, `found ${files.length} source files`);
    const long = files
      .map((f) => ({
        file: relative(ROOT, f),
        lines: readFileSync(f, "utf8").split("\n").length - 1,
      }))
      .filter((f) => f.lines > MAX_LINES);
    assert.deepEqual(long, []);
  });
});
