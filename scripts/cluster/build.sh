#!/usr/bin/env bash
# Builds the control-plane pieces `npm run test:cluster` needs, from the Go module proxy, into
# $TLS_EDGE_CLUSTER_DIR/bin (default ~/.cache/tls-edge-cluster/bin): helm, etcd, kube-apiserver,
# kube-controller-manager, kube-scheduler, kwok, cert-manager's controller and webhook, Traefik,
# and promtool (which the unit tests use with helm). Go's module and build caches are the usual ones. Each binary is built once per
# version: `<bin>/.<piece>.version` records what it was built from, and a piece whose stamp
# matches is skipped (delete the stamp to force a rebuild).
#
# What the Go module proxy serves decides the recipes (see docs/development.md, "The real-cluster lane"):
# - helm: helm.sh/helm/v3 installs directly with `go install`;
# - etcd: the server module has no main package of its own; a three-line main calls
#   etcdmain.Main, as etcd's own main module does;
# - kube-apiserver, kube-controller-manager, kube-scheduler: k8s.io/kubernetes replaces each k8s.io/<name> with
#   ./staging/src/k8s.io/<name>, which a module download lacks; a wrapper module replaces each with
#   the published k8s.io/<name> v0.<minor>.<patch> of the same release instead;
# - kwok: sigs.k8s.io/kwok installs directly with `go install`; the kwok controller plays only
#   the Stages its --config gives it, so kwok-stages.yaml beside it holds the ones kwokctl gives
#   a cluster by default (pkg/kwokctl/runtime/cluster.go getDefaultNodeStages with a lease,
#   getDefaultPodStages), copied from the module's kustomize/stage folders;
# - cert-manager-controller, cert-manager-webhook: the proxy does not serve the cmd/controller and
#   cmd/webhook main modules, so each is
#   built from its source in ../shared/upstream, in place, through a copy of its go.mod (made in
#   the work folder, passed with -modfile) that requires the root module at the release instead of
#   replacing it with ../../, and replaces Venafi/vcert/v5 (which the proxy refuses at v5.13.x)
#   with the vcert source beside it;
# - traefik: github.com/traefik/traefik/v3 replaces github.com/traefik/traefik/dynamic/ext with
#   ./pkg/config/dynamic/ext, a nested module that the module download leaves out and the proxy
#   does not serve. It is built in place in the module cache through a copy of the release's
#   go.mod and go.sum (-modfile: every dependency at the release's own pin), with that replace
#   pointed at a folder holding the ext module as the release has it: two empty extension structs
#   (pkg/config/dynamic/ext/ext.go in traefik/traefik at v3.7.x). One more replace differs: the
#   proxy refuses the containous/go-http-auth fork commit v3.7.11 pins (2026-08-04), which only
#   the basicAuth and digestAuth middlewares use (no stack here does); the build takes the fork
#   commit Traefik v3.6.12 was released with, and `go version -m traefik` shows it.
# - promtool: the Prometheus module is versioned v0.<minor>.<patch> for Prometheus
#   v3.<minor>.<patch> (the release line of the @prometheus-io/lezer-promql grammar the tests
#   parse with); its go.mod has a replace line, so `go install ...@version` refuses it and a
#   wrapper module repeats the replace; `remove_all_sd` (Prometheus' own build tag, see
#   plugins/plugin_*.go) leaves out the cloud service-discovery plugins rule tests never need.
#
# Usage: scripts/cluster/build.sh [PIECE...]   (default all)
# PIECE: helm etcd kube-apiserver kube-controller-manager kube-scheduler kwok
#        cert-manager-controller cert-manager-webhook traefik promtool all
set -euo pipefail

export CGO_ENABLED=0 GOFLAGS=-mod=mod GOTOOLCHAIN=local
CLUSTER_DIR=${TLS_EDGE_CLUSTER_DIR:-$HOME/.cache/tls-edge-cluster}
BIN=$CLUSTER_DIR/bin
WORK=$CLUSTER_DIR/work
mkdir -p "$BIN" "$WORK"

HELM_VERSION=v3.22.0
ETCD_VERSION=v3.6.16
# The newest release of the newest minor the proxy serves with all its staging modules.
KUBERNETES_VERSION=v1.37.2
KWOK_VERSION=v0.8.0
CERT_MANAGER_VERSION=v1.21.1
# The Traefik the pinned chart runs (traefik-helm-chart v41.3.0: appVersion v3.7.11).
TRAEFIK_VERSION=v3.7.11
TRAEFIK_HTTP_AUTH_PINNED=v0.4.1-0.20260804094822-b975dcaa8c48
TRAEFIK_HTTP_AUTH=v0.4.1-0.20200324110947-a37a7636d23e
VCERT_VERSION=v5.13.7
PROMETHEUS_VERSION=3.15.1
PROMETHEUS_MODULE_VERSION=v0.315.1
# ../shared/upstream beside the repository, as the tests read it.
UPSTREAM=$(cd "$(dirname "$0")/../../../shared/upstream" && pwd)

# step <piece> <version> <function>: runs the build unless the stamp says it is done.
step() {
  local name=$1 version=$2 build=$3 start=$SECONDS stamp=$BIN/.$1.version
  if [[ -x $BIN/$name && -f $stamp && $(cat "$stamp") == "$version" ]]; then
    echo "$name $version is built" >&2
    return
  fi
  rm -f "$stamp"
  "$build"
  echo "$version" >"$stamp"
  echo "built $name in $((SECONDS - start)) s" >&2
}

build_helm() {
  # A helm built by hand from the same module version is adopted rather than built again (its
  # build info names the module version; a plain `go install` reports itself as "v3.22").
  if [[ -x $BIN/helm ]] &&
    [[ $(go version -m "$BIN/helm" | awk '$1 == "mod" { print $3 }') == "$HELM_VERSION" ]]; then
    echo "adopting $BIN/helm: built from helm.sh/helm/v3 $HELM_VERSION" >&2
    return
  fi
  GOBIN=$BIN go install -trimpath \
    -ldflags "-s -w -X helm.sh/helm/v3/internal/version.version=$HELM_VERSION" \
    "helm.sh/helm/v3/cmd/helm@$HELM_VERSION"
  "$BIN/helm" version --short
}

build_etcd() {
  local dir=$WORK/etcd
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  # The server module's own replace lines (../api, ../pkg, ...) do not apply to a dependency:
  # its requirements at the same release are used.
  cat >go.mod <<EOM
module tls-edge.local/cluster/etcd

go 1.26.0

require go.etcd.io/etcd/server/v3 $ETCD_VERSION
EOM
  cat >main.go <<EOM
package main

import (
	"os"

	"go.etcd.io/etcd/server/v3/etcdmain"
)

func main() { etcdmain.Main(os.Args) }
EOM
  go mod tidy
  go build -trimpath -o "$BIN/etcd" -ldflags "-s -w" .
  "$BIN/etcd" --version
}

# build_kubernetes <command>: one cmd/<command> of k8s.io/kubernetes through the wrapper module.
build_kubernetes() {
  local cmd=$1 dir=$WORK/$1 minor patch staging name
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  minor=${KUBERNETES_VERSION#v1.}
  minor=${minor%%.*}
  patch=${KUBERNETES_VERSION##*.}
  # Every k8s.io/<name> the release's go.mod points at ./staging, at the published v0 version.
  staging=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
    sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p' |
    xargs sed -n 's|^\t\(k8s.io/[a-z0-9-]*\) => ./staging/.*|\1|p')
  {
    printf 'module tls-edge.local/cluster/%s\n\ngo 1.26.0\n\n' "$cmd"
    printf 'require k8s.io/kubernetes %s\n\nreplace (\n' "$KUBERNETES_VERSION"
    for name in $staging; do
      printf '\t%s => %s v0.%s.%s\n' "$name" "$name" "$minor" "$patch"
    done
    printf ')\n\ntool k8s.io/kubernetes/cmd/%s\n' "$cmd"
  } >go.mod
  go mod tidy
  # What hack/lib/version.sh stamps into a release build, so /version names the release.
  local pkg ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean"
  done
  go build -trimpath -o "$BIN/$cmd" -ldflags "$ldflags" "k8s.io/kubernetes/cmd/$cmd"
  "$BIN/$cmd" --version
}
build_kube_apiserver() { build_kubernetes kube-apiserver; }
build_kube_controller_manager() { build_kubernetes kube-controller-manager; }
build_kube_scheduler() { build_kubernetes kube-scheduler; }

build_kwok() {
  # The module's pkg/consts.Version already names the release.
  GOBIN=$BIN go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  local src stage
  src=$(go mod download -json "sigs.k8s.io/kwok@$KWOK_VERSION" | sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  for stage in node/fast/node-initialize node/heartbeat-with-lease/node-heartbeat-with-lease \
    pod/fast/pod-ready pod/fast/pod-complete pod/fast/pod-delete; do
    printf -- '---\n'
    cat "$src/kustomize/stage/$stage.yaml"
  done >"$BIN/kwok-stages.yaml"
  "$BIN/kwok" --version
}

# build_cert_manager <controller|webhook>: one cmd/<name> main module of cert-manager.
build_cert_manager() {
  local name=$1 dir=$WORK/cert-manager-$1 src=$UPSTREAM/cert-manager-$CERT_MANAGER_VERSION/cmd/$1
  local vcert=$UPSTREAM/vcert-$VCERT_VERSION
  rm -rf "$dir" && mkdir -p "$dir"
  [[ -f $src/go.mod && -f $vcert/go.mod ]] || {
    echo "cert-manager $CERT_MANAGER_VERSION or vcert $VCERT_VERSION sources missing in $UPSTREAM" >&2
    exit 1
  }
  # The module's own go.mod and go.sum, less the replace of the root module by ../../ (a module
  # download of the root module comes instead), plus the vcert replace.
  sed -e '\|^replace github.com/cert-manager/cert-manager => \.\./\.\./$|d' \
    -e "s|^\(\tgithub.com/cert-manager/cert-manager\) v0.0.0-00010101000000-000000000000$|\1 $CERT_MANAGER_VERSION|" \
    "$src/go.mod" >"$dir/go.mod"
  if grep -q '=> \.\./\.\./' "$dir/go.mod" || ! grep -q "cert-manager $CERT_MANAGER_VERSION$" "$dir/go.mod"; then
    echo "unexpected go.mod in $src: the root module is not replaced by ../../ as in v1.21" >&2
    exit 1
  fi
  printf '\nreplace github.com/Venafi/vcert/v5 => %s\n' "$vcert" >>"$dir/go.mod"
  cp "$src/go.sum" "$dir/go.sum"
  # Run in the source folder (the main package and its app/ stay where they are); -modfile makes
  # go read and write the copies, go.sum included, so nothing is written beside the sources.
  (
    cd "$src"
    go mod tidy -modfile="$dir/go.mod"
    # What cert-manager's release build stamps (make/02_mod.mk: pkg/util.AppVersion).
    go build -modfile="$dir/go.mod" -trimpath -o "$BIN/cert-manager-$name" \
      -ldflags "-s -w -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$CERT_MANAGER_VERSION" .
  )
  # Neither binary has --version: each must start far enough to print its flags, and its build
  # information names the root module it was built from.
  "$BIN/cert-manager-$name" --help >/dev/null
  go version -m "$BIN/cert-manager-$name" |
    awk '$1 == "dep" && $2 == "github.com/cert-manager/cert-manager" { print $2, $3 }'
}
build_cert_manager_controller() { build_cert_manager controller; }
build_cert_manager_webhook() { build_cert_manager webhook; }

build_traefik() {
  local dir=$WORK/traefik src
  rm -rf "$dir" && mkdir -p "$dir/ext"
  src=$(go mod download -json "github.com/traefik/traefik/v3@$TRAEFIK_VERSION" |
    sed -n 's/^\t"Dir": "\(.*\)",$/\1/p')
  grep -q '^replace github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext$' "$src/go.mod" || {
    echo "unexpected go.mod in $src: dynamic/ext is not replaced by ./pkg/config/dynamic/ext" >&2
    exit 1
  }
  printf 'module github.com/traefik/traefik/dynamic/ext\n\ngo 1.26.0\n' >"$dir/ext/go.mod"
  cat >"$dir/ext/ext.go" <<'EOM'
package ext

// HTTP is a dynamic.HTTP extension.
type HTTP struct{}

// Router is a dynamic.Router extension.
type Router struct{}
EOM
  sed -e "s|^replace github.com/traefik/traefik/dynamic/ext => ./pkg/config/dynamic/ext$|replace github.com/traefik/traefik/dynamic/ext => $dir/ext|" \
    -e "s|^\(\tgithub.com/abbot/go-http-auth => github.com/containous/go-http-auth\) $TRAEFIK_HTTP_AUTH_PINNED$|\1 $TRAEFIK_HTTP_AUTH|" \
    "$src/go.mod" >"$dir/go.mod"
  grep -q "go-http-auth $TRAEFIK_HTTP_AUTH$" "$dir/go.mod" || {
    echo "unexpected go.mod in $src: go-http-auth is not pinned at $TRAEFIK_HTTP_AUTH_PINNED" >&2
    exit 1
  }
  cp "$src/go.sum" "$dir/go.sum"
  chmod u+w "$dir/go.mod" "$dir/go.sum"
  (
    cd "$src"
    # What Traefik's release build stamps (Makefile: pkg/version.Version).
    go build -modfile="$dir/go.mod" -trimpath -o "$BIN/traefik" \
      -ldflags "-s -w -X github.com/traefik/traefik/v3/pkg/version.Version=$TRAEFIK_VERSION" ./cmd/traefik
  )
  "$BIN/traefik" version
}

build_promtool() {
  local dir=$WORK/promtool
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  cat >go.mod <<EOM
module tls-edge.local/cluster/promtool

go 1.26.0

require github.com/prometheus/prometheus $PROMETHEUS_MODULE_VERSION

replace cloud.google.com/go => cloud.google.com/go v0.123.0
EOM
  cat >tools.go <<'EOM'
//go:build tools

package tools

import _ "github.com/prometheus/prometheus/cmd/promtool"
EOM
  # Resolves the whole build graph into go.mod and go.sum (tools.go names the command).
  go mod tidy
  go build -tags remove_all_sd -trimpath -o "$BIN/promtool" \
    -ldflags "-s -w -X github.com/prometheus/common/version.Version=$PROMETHEUS_VERSION" \
    github.com/prometheus/prometheus/cmd/promtool
  "$BIN/promtool" --version
}

piece() {
  case $1 in
    helm) step helm "$HELM_VERSION" build_helm ;;
    etcd) step etcd "$ETCD_VERSION" build_etcd ;;
    kube-apiserver) step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver ;;
    kube-controller-manager)
      step kube-controller-manager "$KUBERNETES_VERSION" build_kube_controller_manager
      ;;
    kube-scheduler) step kube-scheduler "$KUBERNETES_VERSION" build_kube_scheduler ;;
    kwok) step kwok "$KWOK_VERSION" build_kwok ;;
    cert-manager-controller)
      step cert-manager-controller "$CERT_MANAGER_VERSION" build_cert_manager_controller
      ;;
    cert-manager-webhook)
      step cert-manager-webhook "$CERT_MANAGER_VERSION" build_cert_manager_webhook
      ;;
    traefik) step traefik "$TRAEFIK_VERSION" build_traefik ;;
    promtool) step promtool "$PROMETHEUS_VERSION" build_promtool ;;
    all)
      for name in helm etcd kube-apiserver kube-controller-manager kube-scheduler kwok \
        cert-manager-controller cert-manager-webhook traefik promtool; do
        piece "$name"
      done
      ;;
    *)
      echo "usage: $0 [PIECE...]; PIECE: helm etcd kube-apiserver kube-controller-manager" \
        "kube-scheduler kwok cert-manager-controller cert-manager-webhook traefik promtool all" >&2
      exit 2
      ;;
  esac
}

[[ $# -gt 0 ]] || set -- all
for name in "$@"; do
  (piece "$name")
done
echo "$BIN"
