#!/bin/sh
# Starts the policy pack as the engine's analyzer plugin, for `pulumi preview --policy-pack
# scripts/engine/policy-analyzer.sh`. The Node.js language host built here predates RunPlugin, the
# call through which a current host starts a pack given as a folder; this does what that call
# does: run @pulumi/pulumi's run-policy-pack in the pack's folder with the engine's address.
# With a current Pulumi CLI, give the folder instead: `pulumi preview --policy-pack policy`.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
pack=${TLS_EDGE_POLICY_PACK:-$root/policy}
cd "$pack"
exec node "$root/node_modules/@pulumi/pulumi/cmd/run-policy-pack" "$1" .
