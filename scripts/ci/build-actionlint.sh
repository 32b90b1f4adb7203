#!/usr/bin/env bash
# Builds actionlint (the GitHub Actions workflow linter) from the Go module proxy into
# $TLS_EDGE_CI_DIR/bin (default ~/.cache/tls-edge-ci/bin), once per version: a `.actionlint.version`
# stamp beside the binary records what it was built from (delete it to force a rebuild). Go's
# module and build caches are the usual ones. Prints the binary's path.
#
# Usage: scripts/ci/build-actionlint.sh
set -euo pipefail

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
BIN=${TLS_EDGE_CI_DIR:-$HOME/.cache/tls-edge-ci}/bin
ACTIONLINT_VERSION=v1.7.12
stamp=$BIN/.actionlint.version
mkdir -p "$BIN"

if [[ ! -x $BIN/actionlint || ! -f $stamp || $(cat "$stamp") != "$ACTIONLINT_VERSION" ]]; then
  rm -f "$stamp"
  start=$SECONDS
  # `actionlint -version` reports the module version from the build info.
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" \
    "github.com/rhysd/actionlint/cmd/actionlint@$ACTIONLINT_VERSION"
  echo "$ACTIONLINT_VERSION" >"$stamp"
  echo "built actionlint in $((SECONDS - start)) s" >&2
fi
echo "$BIN/actionlint"
