#!/usr/bin/env bash
# `npm run test:engine`: builds the engine (scripts/engine/build.sh) and runs the real-engine tests
# (test/engine/*.e2e.ts: the dev stack, the policy pack, the plugin package from a YAML program)
# with the built binaries first on PATH.
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=$(bash scripts/engine/build.sh | tail -n 1)
PATH="$bin:$PATH" node --import tsx --test --test-concurrency=1 test/engine/*.e2e.ts
