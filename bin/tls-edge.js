#!/usr/bin/env node
// The tls-edge command. In a source checkout it runs the TypeScript sources (so edits show at
// once); an installed package runs its compiled dist/.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const root = join(__dirname, "..");
const source = join(root, "cli", "main.ts");
let cli;
if (existsSync(source)) {
  require("tsx/cjs");
  cli = require(source);
} else {
  cli = require(join(root, "dist", "cli", "main.js"));
}
cli.main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(1);
  },
);
