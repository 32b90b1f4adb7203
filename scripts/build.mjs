#!/usr/bin/env node
// Compiles the package to dist/ with type declarations, using the native TypeScript 7 compiler,
// then makes dist/policy a policy pack folder of its own, so the pack runs from an installed
// package: `pulumi preview --policy-pack node_modules/tls-edge/dist/policy`.
import { spawnSync } from "node:child_process";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
// From scratch: a file left by an earlier build (a module since moved) would be packed too.
rmSync(join(root, "dist"), { recursive: true, force: true });
const tsc = join(dirname(require.resolve("ts7/package.json")), "bin", "tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json"], {
  stdio: "inherit",
});
if (result.status !== 0) process.exit(result.status ?? 1);

// The pack's folder in the checkout runs its TypeScript entry; the built one runs index.js. Its
// dependencies resolve from the package's own (node_modules above the folder).
const pack = JSON.parse(readFileSync(join(root, "policy", "package.json"), "utf8"));
writeFileSync(
  join(root, "dist", "policy", "package.json"),
  `${JSON.stringify({ ...pack, main: "index.js" }, null, 2)}\n`,
);
copyFileSync(
  join(root, "policy", "PulumiPolicy.yaml"),
  join(root, "dist", "policy", "PulumiPolicy.yaml"),
);
