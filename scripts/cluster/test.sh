#!/usr/bin/env bash
# `npm run test:cluster`: builds what is missing of the control plane (scripts/cluster/build.sh)
# and runs the real-cluster tests against it, one file at a time.
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/cluster/build.sh etcd >/dev/null
bash scripts/cluster/build.sh kube-apiserver >/dev/null
node --import tsx --test --test-concurrency=1 test/cluster/*.e2e.ts
