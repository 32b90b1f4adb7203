#!/usr/bin/env bash
# Installs the Debian packages the tests run, when one of them is missing (as root, as CI runs):
# Pebble (a real ACME server), openssl (test certificates), BIND 9 (named and tsig-keygen in bind9,
# nsupdate in bind9-dnsutils: the RFC 2136 DNS-01 path) and shellcheck (actionlint checks the
# workflows' shell steps with it).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
export PATH="$PATH:/usr/sbin"
for command in pebble pebble-challtestsrv openssl named tsig-keygen nsupdate shellcheck; do
  if ! command -v "$command" >/dev/null; then
    apt-get update
    apt-get install -y pebble openssl bind9 bind9-dnsutils shellcheck
    exit
  fi
done
