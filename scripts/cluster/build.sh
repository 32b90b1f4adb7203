#!/usr/bin/env bash
# Builds the control-plane pieces `npm run test:cluster` needs, from the Go module proxy, into
# $TLS_EDGE_CLUSTER_DIR/bin (default ~/.cache/tls-edge-cluster/bin): helm, etcd and
# kube-apiserver. Go's module and build caches are the usual ones. Each binary is built once per
# version: `<bin>/.<piece>.version` records what it was built from, and a piece whose stamp
# matches is skipped (delete the stamp to force a rebuild).
#
# What the Go module proxy serves decides the recipes (see README, "The real-cluster lane"):
# - helm: helm.sh/helm/v3 installs directly with `go install`;
# - etcd: the server module has no main package of its own; a three-line main calls
#   etcdmain.Main, as etcd's own main module does;
# - kube-apiserver: k8s.io/kubernetes replaces each k8s.io/<name> with ./staging/src/k8s.io/<name>,
#   which a module download lacks; a wrapper module replaces each with the published
#   k8s.io/<name> v0.<minor>.<patch> of the same release instead.
#
# Usage: scripts/cluster/build.sh [helm|etcd|kube-apiserver|all]   (default all)
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

build_kube_apiserver() {
  local dir=$WORK/kube-apiserver minor patch staging name
  rm -rf "$dir" && mkdir -p "$dir" && cd "$dir"
  minor=${KUBERNETES_VERSION#v1.}
  minor=${minor%%.*}
  patch=${KUBERNETES_VERSION##*.}
  # Every k8s.io/<name> the release's go.mod points at ./staging, at the published v0 version.
  staging=$(go mod download -json "k8s.io/kubernetes@$KUBERNETES_VERSION" |
    sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p' |
    xargs sed -n 's|^\t\(k8s.io/[a-z0-9-]*\) => ./staging/.*|\1|p')
  {
    printf 'module tls-edge.local/cluster/kube-apiserver\n\ngo 1.26.0\n\n'
    printf 'require k8s.io/kubernetes %s\n\nreplace (\n' "$KUBERNETES_VERSION"
    for name in $staging; do
      printf '\t%s => %s v0.%s.%s\n' "$name" "$name" "$minor" "$patch"
    done
    printf ')\n\ntool k8s.io/kubernetes/cmd/kube-apiserver\n'
  } >go.mod
  go mod tidy
  # What hack/lib/version.sh stamps into a release build, so /version names the release.
  local pkg ldflags="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ldflags+=" -X $pkg.gitVersion=$KUBERNETES_VERSION -X $pkg.gitMajor=1 -X $pkg.gitMinor=$minor"
    ldflags+=" -X $pkg.gitTreeState=clean"
  done
  go build -trimpath -o "$BIN/kube-apiserver" -ldflags "$ldflags" k8s.io/kubernetes/cmd/kube-apiserver
  "$BIN/kube-apiserver" --version
}

case ${1:-all} in
  helm) step helm "$HELM_VERSION" build_helm ;;
  etcd) step etcd "$ETCD_VERSION" build_etcd ;;
  kube-apiserver) step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver ;;
  all)
    step helm "$HELM_VERSION" build_helm
    step etcd "$ETCD_VERSION" build_etcd
    step kube-apiserver "$KUBERNETES_VERSION" build_kube_apiserver
    ;;
  *)
    echo "usage: $0 [helm|etcd|kube-apiserver|all]" >&2
    exit 2
    ;;
esac
echo "$BIN"
