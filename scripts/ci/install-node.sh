#!/usr/bin/env bash
# Installs Node.js 24 LTS, as the npm registry serves it (the node-linux-<arch> package holds the
# release's real `node` binary), into $TLS_EDGE_NODE_DIR/<version> (default ~/.cache/tls-edge-node),
# once per version, outside the project: it is no dependency of tls-edge. Prints the folder that
# holds `node`, to put first on PATH:
#
#   PATH="$(bash scripts/ci/install-node.sh):$PATH" node scripts/run-tests.mjs
#
# Usage: scripts/ci/install-node.sh [VERSION]   (default 24.22.3)
set -euo pipefail

version=${1:-24.22.3}
case $(uname -m) in
  x86_64) arch=x64 ;;
  aarch64) arch=arm64 ;;
  *)
    echo "install-node.sh: no node-linux-* package for $(uname -m); install Node.js $version yourself" >&2
    exit 1
    ;;
esac
dir=${TLS_EDGE_NODE_DIR:-$HOME/.cache/tls-edge-node}/$version
node=$dir/bin/node

if [[ ! -x $node || $("$node" --version 2>/dev/null) != "v$version" ]]; then
  start=$SECONDS
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp"' EXIT
  # npm pack fetches the tarball through npm's own cache and checks its integrity; nothing of it
  # runs (the package has no scripts).
  npm pack --silent --pack-destination "$tmp" "node-linux-$arch@$version" >/dev/null
  rm -rf "$dir" && mkdir -p "$dir"
  tar -xzf "$tmp"/node-linux-"$arch"-"$version".tgz -C "$dir" --strip-components=1 package/bin
  if [[ $("$node" --version) != "v$version" ]]; then
    echo "install-node.sh: $node reports $("$node" --version), not v$version" >&2
    exit 1
  fi
  echo "installed Node.js $version in $((SECONDS - start)) s" >&2
fi
echo "$dir/bin"
