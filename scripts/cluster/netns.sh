#!/usr/bin/env bash
# Runs a command in a network namespace of its own, where kwok's pod network (10.0.0.0/16, the
# `--cidr` test/cluster/control-plane.ts gives kwok) and the Service network (10.96.0.0/16, the
# API server's `--service-cluster-ip-range` there) are routed to loopback: the real-cluster lane
# can then serve a passthrough app at its pod's address, forward its Service's ClusterIP to it as
# kube-proxy would, and Traefik reach both, as on a cluster. Nothing else changes: every server of the lane listens on this namespace's loopback,
# unseen from the host's network. Needs root or unprivileged user namespaces (`unshare -rn`).
#
# Usage: scripts/cluster/netns.sh <command> [args...]
set -euo pipefail
POD_NETWORK=10.0.0.0/16
SERVICE_NETWORK=10.96.0.0/16

if [[ ${TLS_EDGE_LANE_NETNS:-} != 1 ]]; then
  export TLS_EDGE_LANE_NETNS=1
  if [[ $(id -u) == 0 ]] && unshare -n true 2>/dev/null; then
    exec unshare -n bash "$0" "$@"
  elif unshare -rn true 2>/dev/null; then
    exec unshare -rn bash "$0" "$@"
  fi
  # Without a namespace the lane still runs; its passthrough check fails under CI=true and is
  # skipped elsewhere, saying why.
  echo "netns.sh: cannot make a network namespace here (unshare -n needs root or user namespaces);" \
    "running without one: passthrough apps cannot be served" >&2
  exec "$@"
fi

ip link set lo up
ip route add local "$POD_NETWORK" dev lo
ip route add local "$SERVICE_NETWORK" dev lo
exec "$@"
