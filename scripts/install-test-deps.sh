#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real judges and lab parts.
# Services are installed but never started on this host (policy-rc.d), so they
# cannot hold ports the tests need.
set -euo pipefail
packages=(
  openssh-server openssh-client sudo
  systemd-container debootstrap iproute2 iptables bridge-utils
  etcd-server etcd-client haproxy nginx keepalived chrony
  containerd runc containernetworking-plugins docker-registry skopeo
  openssl golang-cfssl
  dpkg-dev apt-utils createrepo-c rpm dnf dnf-plugins-core
  curl ca-certificates procps psmisc python3
  time util-linux
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# The image may already ship a kubectl of its own; Debian's is the fallback.
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)
# The lab bundle's .debs (scripts/lab-bundle.sh) are fetched once the lab root file system exists.
fetch_lab_bundle() { [ ! -d /var/cache/kubexm/lab/debian12-v1/rootfs ] || "$(dirname "$0")/lab-bundle.sh" --fetch; }
[ ${#missing[@]} -eq 0 ] && { fetch_lab_bundle; exit 0; }
if [ "$(id -u)" -ne 0 ]; then
  echo "install-test-deps: root is needed to install: ${missing[*]}" >&2
  exit 2
fi
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
fetch_lab_bundle
