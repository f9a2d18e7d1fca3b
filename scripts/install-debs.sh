#!/usr/bin/env bash
# Installs the given Debian packages that are missing, without starting their services on
# this host (policy-rc.d), so that they cannot hold ports kubexm's labs and tests need.
#   scripts/install-debs.sh PACKAGE...
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "kubexm: root is needed to install: ${missing[*]} (run again with sudo)" >&2
  exit 2
fi
command -v apt-get >/dev/null || { echo "kubexm: apt-get not found; install by hand: ${missing[*]}" >&2; exit 2; }
policy=/usr/sbin/policy-rc.d
created_policy=false
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\nexit 101\n' > "$policy"; chmod 755 "$policy"; created_policy=true
fi
trap '$created_policy && rm -f "$policy"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
