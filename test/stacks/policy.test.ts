/**
 * The shipped stacks pass the policy pack with no mandatory violation, through the same command
 * a pull-request pipeline runs.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";

interface Violation {
  policy: string;
  enforcementLevel: string;
  resource: string;
  message: string;
}

function policy(stack: string, ...extra: string[]): { status: number; violations: Violation[] } {
  const run = spawnSync(
    process.execPath,
    ["bin/tls-edge.js", "policy", stack, "--json", ...extra],
    {
      encoding: "utf8",
    },
  );
  const parsed = JSON.parse(run.stdout) as { violations: Violation[] };
  return { status: run.status ?? -1, violations: parsed.violations };
}

describe("policy pack over the shipped stacks", { timeout: 120_000 }, () => {
  for (const stack of ["dev", "staging", "prod", "lab"]) {
    it(`${stack} has no mandatory violation`, () => {
      const { status, violations } = policy(stack);
      assert.deepEqual(
        violations.filter((v) => v.enforcementLevel === "mandatory"),
        [],
      );
      assert.equal(status, 0);
    });
  }

  it("prod checked as pulumi preview does reports what it cannot verify", () => {
    const { status, violations } = policy("prod", "--preview");
    assert.equal(status, 1);
    assert.ok(
      violations.every((v) => /cannot verify .* at preview/.test(v.message)),
      JSON.stringify(violations),
    );
  });
});
