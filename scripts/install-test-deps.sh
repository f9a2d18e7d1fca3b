#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real judges and lab parts (services
# installed, never started on this host), then fetches the lab bundle's packages once the lab
# root file system exists, and Debian's arm64 JDK for the cross-arch dist test.
set -euo pipefail
here="$(dirname "$(readlink -f "$0")")"
"$here/install-lab-deps.sh"
packages=(
  openssh-server openssh-client sudo bridge-utils
  haproxy nginx keepalived chrony
  containerd runc containernetworking-plugins docker-registry skopeo
  openssl golang-cfssl
  apt-utils createrepo-c rpm dnf dnf-plugins-core gnupg
  curl ca-certificates psmisc python3 time
  qemu-user-static
)
# The image may already ship a kubectl of its own; Debian's is the fallback.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
"$here/install-debs.sh" "${packages[@]}"
[ ! -d /var/cache/kubexm/lab/debian12-v1/rootfs ] || "$here/lab-bundle.sh" --fetch
# Debian's arm64 JDK of the tests' feature release, for the arm64 dist test (jlink needs the same feature).
. "$here/find-java.sh"
kubexm_find_java && "$here/arm64-jdk.sh" "$(kubexm_java_major "$JAVA_HOME/bin/java")"
