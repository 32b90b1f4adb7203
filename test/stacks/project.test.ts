/**
 * Pulumi.yaml as the Pulumi CLI reads it. With `main` naming a folder, the Node.js runtime takes
 * the entry point from the nearest package.json, whose `main` is the library build
 * (dist/components/index.js): after `npm ci` builds it, `pulumi up` would run the library and
 * register nothing. The real-engine lane (`npm run test:engine`) showed this.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { parse } from "yaml";

const project = parse(readFileSync("Pulumi.yaml", "utf8")) as {
  main: string;
  runtime: { name: string };
  stackConfigDir: string;
};

describe("Pulumi.yaml", () => {
  it("names the program's entry file, not a folder", () => {
    assert.ok(existsSync(project.main), `${project.main} does not exist`);
    assert.ok(statSync(project.main).isFile(), `${project.main} is not a file`);
    assert.equal(project.main, "stacks/index.ts");
  });

  it("is a Node.js project whose stack files live beside the program", () => {
    assert.equal(project.runtime.name, "nodejs");
    assert.ok(existsSync(`${project.stackConfigDir}/Pulumi.dev.yaml`));
  });
});
