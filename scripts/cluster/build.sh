#!/usr/bin/env bash
# Builds the control-plane pieces `npm run test:cluster` needs, from the Go module proxy, into
# $TLS_EDGE_CLUSTER_DIR/bin (default ~/.cache/tls-edge-cluster/bin): helm, etcd, kube-apiserver,
# kube-controller-manager and cert-manager's controller, and promtool (which the unit tests use
# with helm). Go's module and build caches are the usual ones. Each binary is built once per
# version: `<bin>/.<piece>.version` records what it was built from, and a piece whose stamp
# matches is skipped (delete the stamp to force a rebuild).
#
# What the Go module proxy serves decides the recipes (see README, "The real-cluster lane"):
# - helm: helm.sh/helm/v3 installs directly with `go install`;
# - etcd: the server module has no main package of its own; a three-line main calls
#   etcdmain.Main, as etcd's own main module does;
# - kube-apiserver, kube-controller-manager: k8s.io/kubernetes replaces each k8s.io/<name> with
#   ./staging/src/k8s.io/<name>, which a module download lacks; a wrapper module replaces each with
#   the published k8s.io/<name> v0.<minor>.<patch> of the same release instead;
# - cert-manager-controller: the proxy does not serve the cmd/controller main module, so it is
#   built from its source in ../shared/upstream, in place, through a copy of its go.mod (made in
#   the work folder, passed with -modfile) that requires the root module at the release instead of
#   replacing it with ../../, and replaces Venafi/vcert/v5 (which the proxy refuses at v5.13.x)
#   with the vcert source beside it;
# - promtool: the Prometheus module is versioned v0.<minor>.<patch> for Prometheus
#   v3.<minor>.<patch> (the release line of the @prometheus-io/lezer-promql grammar the tests
#   parse with); its go.mod has a replace line, so `go install ...@version` refuses it and a
#   wrapper module repeats the replace; `remove_all_sd` (Prometheus' own build tag, see
#   plugins/plugin_*.go) leaves out the cloud service-discovery plugins rule tests never need.
#
# Usage: scripts/cluster/build.sh [helm|etcd|kube-apiserver|kube-controller-manager|
#                                  cert-manager-controller|promtool|all]   (default all)
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
CERT_MANAGER_VERSION=v1.21.1
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

build_cert_manager_controller() {
  local dir=$WORK/cert-manager-controller src=$UPSTREAM/cert-manager-$CERT_MANAGER_VERSION/cmd/controller
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
    go build -modfile="$dir/go.mod" -trimpath -o "$BIN/cert-manager-controller" \
      -ldflags "-s -w -X github.com/cert-manager/cert-manager/pkg/util.AppVersion=$CERT_MANAGER_VERSION" .
  )
  # The controller has no --version: it must start far enough to print its flags, and its build
  # information names the root module it was built from.
  "$BIN/cert-manager-controller" --help >/dev/null
  go version -m "$BIN/cert-manager-controller" |
    awk '$1 == "dep" && $2 == "github.com/cert-manager/cert-manager" { print $2, $3 }'
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

case ${1:-all} in
  helm) step helm "$HELM_VERSION" build_helm ;;
  etcd) step etcd "$ETCD_VERSION" build_etcd ;;
  kube-apiserver) step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver ;;
  kube-controller-manager)
    step kube-controller-manager "$KUBERNETES_VERSION" build_kube_controller_manager
    ;;
  cert-manager-controller)
    step cert-manager-controller "$CERT_MANAGER_VERSION" build_cert_manager_controller
    ;;
  promtool) step promtool "$PROMETHEUS_VERSION" build_promtool ;;
  all)
    step helm "$HELM_VERSION" build_helm
    step etcd "$ETCD_VERSION" build_etcd
    step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver
    step kube-controller-manager "$KUBERNETES_VERSION" build_kube_controller_manager
    step cert-manager-controller "$CERT_MANAGER_VERSION" build_cert_manager_controller
    step promtool "$PROMETHEUS_VERSION" build_promtool
    ;;
  *)
    echo "usage: $0 [helm|etcd|kube-apiserver|kube-controller-manager|cert-manager-controller|promtool|all]" >&2
    exit 2
    ;;
esac
echo "$BIN"
