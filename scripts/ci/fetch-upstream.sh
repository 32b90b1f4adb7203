#!/usr/bin/env bash
# Lays out the upstream sources the tests and scripts/cluster/build.sh read from
# ../shared/upstream, for a checkout that has no such folder beside it (GitHub Actions): the same
# files at the same release tags, fetched with git (one shallow fetch of each tag) and cut to what
# the folder holds. Folders already there are left alone.
#
# Usage: scripts/ci/fetch-upstream.sh [DEST]   (default ../shared/upstream beside the checkout)
# TLS_EDGE_UPSTREAM_GIT (default https://github.com/) is the prefix of each owner/name.
set -euo pipefail

root=$(cd "$(dirname "$0")/../.." && pwd)
dest=${1:-$root/../shared/upstream}
git_base=${TLS_EDGE_UPSTREAM_GIT:-https://github.com/}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)

# fetch <folder> <owner/name> <tag> [PATH...]: the tag's tree (or only PATHs of it) into <folder>.
fetch() {
  local folder=$1 repo=$2 tag=$3 tmp
  shift 3
  if [[ -d $dest/$folder ]]; then
    echo "$folder is there" >&2
    return
  fi
  tmp=$(mktemp -d)
  git -C "$tmp" init -q
  git -C "$tmp" fetch -q --depth 1 "$git_base$repo" "refs/tags/$tag"
  mkdir -p "$tmp/out"
  git -C "$tmp" archive FETCH_HEAD -- "$@" | tar -x -C "$tmp/out"
  mv "$tmp/out" "$dest/$folder"
  rm -rf "$tmp"
  echo "fetched $folder" >&2
}

fetch cert-manager-v1.21.1 cert-manager/cert-manager v1.21.1 \
  LICENSE deploy/charts/cert-manager deploy/crds cmd/controller cmd/webhook
# The release process fills in the chart's version placeholders; the tests render it as released.
rm -rf "$dest/cert-manager-v1.21.1/deploy/charts/cert-manager/tests"
sed -i 's/^version: v0\.0\.0$/version: v1.21.1/; s/^appVersion: v0\.0\.0$/appVersion: v1.21.1/' \
  "$dest/cert-manager-v1.21.1/deploy/charts/cert-manager/Chart.yaml"

fetch vcert-v5.13.7 Venafi/vcert v5.13.7

fetch traefik-helm-chart-v41.3.0 traefik/traefik-helm-chart v41.3.0 LICENSE traefik
rm -rf "$dest/traefik-helm-chart-v41.3.0/traefik/tests"

fetch gateway-api-v1.5.1 kubernetes-sigs/gateway-api v1.5.1 \
  LICENSE config/crd/standard config/crd/experimental

fetch istio-api-v1.30.3 istio/api 1.30.3 LICENSE kubernetes/customresourcedefinitions.gen.yaml

fetch prometheus-operator-v0.93.0 prometheus-operator/prometheus-operator v0.93.0 LICENSE \
  example/prometheus-operator-crd/monitoring.coreos.com_servicemonitors.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_podmonitors.yaml \
  example/prometheus-operator-crd/monitoring.coreos.com_prometheusrules.yaml
