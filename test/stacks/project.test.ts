/**
 * Pulumi.yaml as the Pulumi CLI reads it. With `main` naming a folder, the Node.js runtime takes
 * the entry point from the nearest package.json, whose `main` is the library build
 * (dist/components/index.js): after `npm ci` builds it, `pulumi up` would run the library and
 * register nothing. The real-engine lane (`npm run test:engine`) showed this.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";
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

describe("the TypeScript options the Pulumi runtime type-checks the program with", () => {
  // The runtime (node_modules/@pulumi/pulumi/cmd/run/run.js) runs with main's folder as the
  // working directory and reads ./tsconfig.json there only; the real-engine lane found that with
  // none, it type-checked with the ES2020 library and without Node.js types.
  it("main's folder has a tsconfig.json that TypeScript resolves to the project's options", () => {
    const file = join(dirname(project.main), "tsconfig.json");
    assert.ok(existsSync(file), `${file} is missing`);
    const read = ts.readConfigFile(file, (f) => ts.sys.readFile(f));
    assert.equal(read.error, undefined);
    const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, resolve(dirname(file)));
    assert.deepEqual(parsed.errors, []);
    assert.deepEqual(parsed.options.lib, ["lib.es2023.d.ts"]);
    assert.deepEqual(parsed.options.types, ["node"]);
    assert.equal(parsed.options.strict, true);
  });
});
