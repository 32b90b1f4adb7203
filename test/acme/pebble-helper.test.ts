import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

/** Calls skipWithoutPebble() in a process whose PATH finds no pebble. */
function withoutPebble(ci: string) {
  const code =
    'try { console.log(JSON.stringify(require("./test/helpers/pebble.ts").skipWithoutPebble())); }' +
    " catch (e) { console.log(JSON.stringify({ thrown: e.message })); }";
  const run = spawnSync(process.execPath, ["--import", "tsx", "-e", code], {
    env: { ...process.env, PATH: "/nonexistent", CI: ci },
    encoding: "utf8",
  });
  assert.equal(run.status, 0, run.stderr);
  return JSON.parse(run.stdout) as unknown;
}

describe("pebble test helper without pebble", () => {
  it("skips with the install hint outside CI", () => {
    assert.equal(withoutPebble(""), "pebble is not installed: apt-get install pebble");
  });

  it("fails under CI=true instead of skipping", () => {
    assert.deepEqual(withoutPebble("true"), {
      thrown: "pebble is not installed: apt-get install pebble (required under CI)",
    });
  });
});
