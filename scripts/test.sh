#!/usr/bin/env bash
# The whole test suite, exactly as CI runs it: installs the Debian packages the tests use
# (real sshd, systemd-nspawn, etcd, haproxy, nginx, keepalived, chrony, ...), finds a
# JDK >= 21 and runs every test, lab tests included. Needs root: the lab boots
# systemd-nspawn containers, and the connector/runner tests start sshd, add throw-away users
# and write /etc/sudoers.d. KUBEXM_SKIP_LAB=1 runs everything but the lab tests (still as root).
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
cd "$root"
. scripts/find-java.sh
kubexm_find_java || exit 2
if [ "$(id -u)" -ne 0 ]; then
  echo "scripts/test.sh: the test suite needs root: the lab tests boot systemd-nspawn nodes, and the" >&2
  echo "connector/runner tests start sshd, add throw-away users and write /etc/sudoers.d." >&2
  echo "Run it as root: sudo scripts/test.sh (KUBEXM_SKIP_LAB=1 leaves the lab tests out)." >&2
  exit 2
fi
args=(-B verify)
[ "${KUBEXM_SKIP_LAB:-0}" = 1 ] && args+=(-Dkubexm.skipLab=true)
scripts/install-test-deps.sh
exec ./mvnw "${args[@]}"
