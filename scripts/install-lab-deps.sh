#!/usr/bin/env bash
# What `kubexm lab` and `kubexm lab demo` need on this machine: systemd-nspawn and debootstrap
# for the nodes, iproute2/iptables for their network, and Debian's etcd, which
# scripts/lab-bundle.sh repackages into the offline bundle.
set -euo pipefail
exec "$(dirname "$(readlink -f "$0")")/install-debs.sh" \
  systemd-container debootstrap iproute2 iptables openssh-client util-linux procps \
  etcd-server etcd-client dpkg-dev
