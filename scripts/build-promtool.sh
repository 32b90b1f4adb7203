#!/usr/bin/env bash
# Builds Prometheus' promtool from the Go module proxy into $TLS_EDGE_CLUSTER_DIR/bin (default
# ~/.cache/tls-edge-cluster/bin). test/monitoring/promtool.test.ts runs `promtool test rules`
# on the PrometheusRule CertificateAlerts renders: Prometheus' own engine evaluates the alerts
# on sample series. Go's module and build caches are the usual ones, so a second run only links.
#
# - The Prometheus Go module is versioned v0.<minor>.<patch> for Prometheus v3.<minor>.<patch>;
#   this is the release line of the @prometheus-io/lezer-promql grammar the tests parse with.
# - Its go.mod has a replace line, so `go install ...@version` refuses it: a wrapper module
#   requires it and repeats the replace.
# - `remove_all_sd` leaves out the cloud service-discovery plugins (Prometheus' own build tag,
#   see plugins/plugin_*.go); rule unit tests need none, and the build is much smaller.
#
# Usage: scripts/build-promtool.sh
set -euo pipefail

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
PROMETHEUS_VERSION=3.15.1
PROMETHEUS_MODULE_VERSION=v0.315.1
DIR=${TLS_EDGE_CLUSTER_DIR:-$HOME/.cache/tls-edge-cluster}
BIN=$DIR/bin
WORK=$DIR/work/promtool
mkdir -p "$BIN"
rm -rf "$WORK" && mkdir -p "$WORK" && cd "$WORK"

cat >go.mod <<EOM
module tls-edge.local/promtool

go 1.26.0

require github.com/prometheus/prometheus $PROMETHEUS_MODULE_VERSION

replace cloud.google.com/go => cloud.google.com/go v0.123.0
EOM
cat >tools.go <<'EOM'
//go:build tools

package tools

import _ "github.com/prometheus/prometheus/cmd/promtool"
EOM

start=$SECONDS
# Resolves the whole build graph into go.mod and go.sum (tools.go names the command).
go mod tidy
go build -tags remove_all_sd -trimpath -o "$BIN/promtool" \
  -ldflags "-s -w -X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" \
  github.com/prometheus/prometheus/cmd/promtool
echo "built promtool $PROMETHEUS_VERSION in $((SECONDS - start)) s" >&2
"$BIN/promtool" --version
