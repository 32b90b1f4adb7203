#!/usr/bin/env bash
# `npm run test:cluster`: builds what is missing of the control plane, kwok, cert-manager's
# controller and webhook and Traefik (scripts/cluster/build.sh; each piece is skipped once built) and of the Pulumi engine
# (scripts/engine/build.sh, only when a binary is missing: CI has just built it for
# `npm run test:engine`), then runs the real-cluster tests with the engine first on PATH, one file
# at a time, in a network namespace of their own (scripts/cluster/netns.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
bash scripts/cluster/build.sh etcd kube-apiserver kube-controller-manager kube-scheduler kwok \
  cert-manager-controller cert-manager-webhook traefik >/dev/null
engine=${TLS_EDGE_ENGINE_DIR:-$HOME/.cache/tls-edge-engine}/bin
for bin in pulumi pulumi-language-nodejs pulumi-resource-kubernetes pulumi-resource-tls \
  pulumi-resource-pulumi-nodejs; do
  if [[ ! -x $engine/$bin ]]; then
    engine=$(bash scripts/engine/build.sh | tail -n 1)
    break
  fi
done
# In a network namespace of the lane's own, where kwok's pod addresses are local (netns.sh).
PATH="$engine:$PATH" bash scripts/cluster/netns.sh \
  node --import tsx --test --test-concurrency=1 test/cluster/*.e2e.ts
