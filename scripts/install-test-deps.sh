#!/usr/bin/env bash
# Installs the Debian packages the test suite uses as real judges and lab parts (services
# installed, never started on this host), then fills the caches the tests read instead of the
# internet: the lab nodes' root file systems and the lab bundle's packages, Debian's arm64 JDK
# for the cross-arch dist test, and a partial Debian 12 mirror for the apt repository tests.
set -euo pipefail
here="$(dirname "$(readlink -f "$0")")"
"$here/install-lab-deps.sh"
packages=(
  openssh-server openssh-client sudo bridge-utils
  haproxy nginx keepalived chrony
  containerd runc containernetworking-plugins docker-registry skopeo
  openssl golang-cfssl
  apt-utils createrepo-c rpm dnf dnf-plugins-core gnupg gpgv debian-archive-keyring
  curl ca-certificates psmisc python3 time
  qemu-user-static
)
# The image may already ship a kubectl of its own; Debian's is the fallback.
command -v kubectl >/dev/null 2>&1 || packages+=(kubernetes-client)
"$here/install-debs.sh" "${packages[@]}"
# The lab nodes' root file systems (debootstrap) and the lab bundle's packages, fetched here so that
# no test reaches the internet.
"$here/../kubexm" lab image --os debian12,debian11
"$here/lab-bundle.sh" --fetch
# Debian's arm64 JDK of the tests' feature release, for the arm64 dist test (jlink needs the same feature).
. "$here/find-java.sh"
kubexm_find_java && "$here/arm64-jdk.sh" "$(kubexm_java_major "$JAVA_HOME/bin/java")"
# Debian 12's signed index and the .debs the apt repository tests build from (AptRepoTest, AptRepoLabTest).
"$here/debian-mirror.sh"
