#!/usr/bin/env bash
# Builds the Pulumi engine pieces `npm run test:engine` needs, from the Go module proxy, into
# $TLS_EDGE_ENGINE_DIR/bin (default ~/.cache/tls-edge-engine/bin): the Pulumi CLI, the Node.js
# language host, the Kubernetes and TLS providers and the CLI's dynamic-resource provider
# script. Go's module and build caches are the usual ones, so a second run only links.
#
# What the Go module proxy serves decides the versions (see docs/development.md, "The real-engine
# lane"):
# - the CLI at exactly the @pulumi/pulumi version package.json pins;
# - the Node.js language host: its own module (sdk/nodejs/cmd/pulumi-language-nodejs/v3) is not
#   served at any version, so it is built from the newest sdk/v3 release that still held it, behind
#   scripts/engine/language-host, which adds RunPlugin (source-based plugin packages);
# - the Kubernetes provider: the only version served is one commit from before 4.25.0; the plugin
#   reports that, and the engine warns that the SDK expects 4.34.2;
# - the TLS provider (github.com/pulumi/pulumi-tls) is not served at all, so
#   scripts/engine/tls-provider bridges the Terraform TLS provider itself with
#   pulumi-terraform-bridge, mapping it onto the tokens of @pulumi/tls; the plugin reports
#   what it is, and the engine warns that the SDK expects 5.6.1.
#
# Usage: scripts/engine/build.sh [cli|nodejs|kubernetes|tls|yaml|sdk|all]   (default all)
set -euo pipefail

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
ENGINE_DIR=${TLS_EDGE_ENGINE_DIR:-$HOME/.cache/tls-edge-engine}
BIN=$ENGINE_DIR/bin
WORK=$ENGINE_DIR/work
mkdir -p "$BIN" "$WORK"
ROOT=$(cd "$(dirname "$0")/../.." && pwd)

PULUMI_VERSION=v$(node -p "require('$ROOT/node_modules/@pulumi/pulumi/package.json').version")
# The newest sdk/v3 tag whose module still contains nodejs/cmd/pulumi-language-nodejs (v3.69.0
# moved it into its own module).
LANGUAGE_HOST_SDK=v3.68.0
# The one version of the provider module served: commit f47bc2d6f199 of 2026-01-15, between the
# sdk/v4.24.1 and sdk/v4.25.0 tags. Its go.mod replaces sdk/v4 with ../sdk, which a module
# download lacks, so the nearest served sdk/v4 tag stands in.
KUBERNETES_MODULE=github.com/pulumi/pulumi-kubernetes/provider/v4
KUBERNETES_PSEUDO=v4.0.0-20260115033456-f47bc2d6f199
KUBERNETES_SDK=v4.25.0
KUBERNETES_VERSION=4.25.0-alpha.1768448096+f47bc2d6f199

# The Pulumi YAML language host (github.com/pulumi/pulumi-yaml), the newest release served.
YAML_VERSION=v1.25.0

# A Terraform TLS provider commit built against terraform-plugin-go v0.29, as the bridge is.
TERRAFORM_TLS_COMMIT=857b38cda3fc
TLS_VERSION=0.1.0+terraform-provider-tls.$TERRAFORM_TLS_COMMIT

step() {
  local name=$1 start=$SECONDS
  shift
  "$@"
  echo "built $name in $((SECONDS - start)) s" >&2
}

build_cli() {
  local dir=$WORK/cli
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  # pkg/v3 replaces sdk/v3 with ../sdk and atotto/clipboard with a fork: a wrapper module
  # requires both at the pinned version and repeats the non-local replace.
  cat >go.mod <<EOM
module tls-edge.local/engine/cli

go 1.25

require (
	github.com/pulumi/pulumi/pkg/v3 $PULUMI_VERSION
	github.com/pulumi/pulumi/sdk/v3 $PULUMI_VERSION
)

replace github.com/atotto/clipboard => github.com/tgummerer/clipboard v0.0.0-20241001131231-d02d263e614e

tool github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
EOM
  go mod tidy
  go build -trimpath -o "$BIN/pulumi" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" \
    github.com/pulumi/pulumi/pkg/v3/cmd/pulumi
  "$BIN/pulumi" version
}

build_nodejs() {
  local dir=$WORK/nodejs
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  # sdk/v3 v3.68.0 pins golang.org/x/text with a replace; repeat it.
  cat >go.mod <<EOM
module tls-edge.local/engine/nodejs

go 1.18

require github.com/pulumi/pulumi/sdk/v3 $LANGUAGE_HOST_SDK

replace golang.org/x/text => golang.org/x/text v0.3.6
EOM
  cat >tools.go <<EOM
//go:build tools

package tools

import _ "github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs"
EOM
  go mod tidy
  mkdir -p "$ENGINE_DIR/hosts"
  go build -trimpath -o "$ENGINE_DIR/hosts/pulumi-language-nodejs" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$LANGUAGE_HOST_SDK" \
    github.com/pulumi/pulumi/sdk/v3/nodejs/cmd/pulumi-language-nodejs
  # That host predates RunPlugin, which source-based plugin packages need.
  build_language_proxy pulumi-language-nodejs
}

# scripts/engine/language-host: a proxy under a language host's name in $BIN, adding the calls the
# host in $ENGINE_DIR/hosts predates and passing every other call through to it.
build_language_proxy() {
  local dir=$WORK/proxy-$1
  rm -rf "$dir" && cp -r "$ROOT/scripts/engine/language-host" "$dir" && cd "$dir"
  go mod edit -require "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  go mod tidy
  go build -trimpath -o "$BIN/$1" -ldflags "-s -w" .
}

build_kubernetes() {
  local dir=$WORK/kubernetes src
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  # The provider embeds schema-embed.json, which its `go generate` step makes from the committed
  # schema.json; the module cache is read-only, so generate and build in a copy.
  src=$(go mod download -json "$KUBERNETES_MODULE@$KUBERNETES_PSEUDO" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  cp -r "$src" provider && chmod -R u+w provider && cd provider
  go mod edit -dropreplace github.com/pulumi/pulumi-kubernetes/sdk/v4 \
    -require "github.com/pulumi/pulumi-kubernetes/sdk/v4@$KUBERNETES_SDK" -toolchain none
  go mod download github.com/pulumi/pulumi-kubernetes/sdk/v4
  (cd cmd/pulumi-resource-kubernetes && VERSION=$KUBERNETES_VERSION go generate ./...)
  go build -trimpath -o "$BIN/pulumi-resource-kubernetes" \
    -ldflags "-s -w -X $KUBERNETES_MODULE/pkg/version.Version=$KUBERNETES_VERSION" \
    ./cmd/pulumi-resource-kubernetes
}

build_tls() {
  local dir=$WORK/tls
  rm -rf "$dir" && mkdir -p "$dir" && cp -r "$ROOT/scripts/engine/tls-provider/." "$dir"
  cd "$dir/provider"
  # The provider embeds its Pulumi schema, which tfgen makes from the provider itself: build
  # tfgen against placeholders, generate, then build the plugin.
  echo '{}' >cmd/pulumi-resource-tls/bridge-metadata.json
  echo '{}' >cmd/pulumi-resource-tls/schema.json
  go mod tidy
  go build -trimpath -o "$dir/pulumi-tfgen-tls" \
    -ldflags "-X tls-edge.local/pulumi-tls.Version=$TLS_VERSION" ./cmd/pulumi-tfgen-tls
  # It also looks for upstream docs under the provider's old module path and says it found none.
  "$dir/pulumi-tfgen-tls" schema --out cmd/pulumi-resource-tls >"$dir/tfgen.log" 2>&1 ||
    { cat "$dir/tfgen.log" >&2; exit 1; }
  rm -f cmd/pulumi-resource-tls/Pulumi.yaml
  go build -trimpath -o "$BIN/pulumi-resource-tls" \
    -ldflags "-s -w -X tls-edge.local/pulumi-tls.Version=$TLS_VERSION" ./cmd/pulumi-resource-tls
}

# The YAML language host, for the plugin package tests: a Pulumi YAML program adds the checkout with
# `pulumi package add`. Its go.mod replaces nothing, so the module builds as published.
build_yaml() {
  local dir=$WORK/yaml
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  cat >go.mod <<EOM
module tls-edge.local/engine/yaml

go 1.25

require github.com/pulumi/pulumi-yaml $YAML_VERSION

tool github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
EOM
  go mod tidy
  mkdir -p "$ENGINE_DIR/hosts"
  go build -trimpath -o "$ENGINE_DIR/hosts/pulumi-language-yaml" \
    -ldflags "-s -w -X github.com/pulumi/pulumi-yaml/pkg/version.Version=$YAML_VERSION" \
    github.com/pulumi/pulumi-yaml/cmd/pulumi-language-yaml
  # v1.25.0 predates Link, which `pulumi package add` calls.
  build_language_proxy pulumi-language-yaml
}

# pulumi-language-python and pulumi-language-go that only generate SDKs (scripts/engine/sdk-host):
# neither host is served, and `pulumi package gen-sdk` reaches the code generators through them.
build_sdk_hosts() {
  local dir=$WORK/sdk-host
  rm -rf "$dir" && cp -r "$ROOT/scripts/engine/sdk-host" "$dir" && cd "$dir"
  go mod edit -require "github.com/pulumi/pulumi/pkg/v3@$PULUMI_VERSION" \
    -require "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION"
  go mod tidy
  go build -trimpath -o "$BIN/pulumi-language-python" \
    -ldflags "-s -w -X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=$PULUMI_VERSION" .
  cp "$BIN/pulumi-language-python" "$BIN/pulumi-language-go"
}

# Dynamic resources (AcmeRehearsal) run in a provider the Pulumi CLI ships as a shell script in
# the SDK module's nodejs/dist; take it from the pinned version.
install_dynamic_provider() {
  local src
  src=$(go mod download -json "github.com/pulumi/pulumi/sdk/v3@$PULUMI_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  install -m 0755 "$src/nodejs/dist/pulumi-resource-pulumi-nodejs" "$BIN/pulumi-resource-pulumi-nodejs"
}

case ${1:-all} in
  cli) step cli build_cli && install_dynamic_provider ;;
  nodejs) step nodejs build_nodejs ;;
  kubernetes) step kubernetes build_kubernetes ;;
  tls) step tls build_tls ;;
  yaml) step yaml build_yaml ;;
  sdk) step sdk build_sdk_hosts ;;
  all)
    step cli build_cli
    install_dynamic_provider
    step nodejs build_nodejs
    step kubernetes build_kubernetes
    step tls build_tls
    step yaml build_yaml
    step sdk build_sdk_hosts
    ;;
  *)
    echo "usage: $0 [cli|nodejs|kubernetes|tls|yaml|sdk|all]" >&2
    exit 2
    ;;
esac
echo "$BIN"
