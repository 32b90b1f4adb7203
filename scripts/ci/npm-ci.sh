#!/usr/bin/env bash
# `npm ci`, failing when it warns a newcomer of anything on a maintained Node.js: an engine
# mismatch (EBADENGINE) or a dependency's install script not approved in package.json
# `allowScripts` (npm 11 lists those as "not yet covered by allowScripts").
set -euo pipefail
cd "$(dirname "$0")/../.."
log=$(mktemp)
trap 'rm -f "$log"' EXIT
npm ci 2>&1 | tee "$log"
if grep -E "EBADENGINE|not yet covered by allowScripts" "$log" >/dev/null; then
  echo "npm ci warned (above) on Node.js $(node --version): fix engines or allowScripts in package.json" >&2
  exit 1
fi
