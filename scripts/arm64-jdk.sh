#!/usr/bin/env bash
# Fetches once, for the test that links an arm64 dist on this amd64 machine (DistCrossArchTest):
# Debian trixie's arm64 OpenJDK of the given feature release (the jmods jlink links the runtime
# from; it must be the feature release of the JDK the tests run on) and an arm64 sysroot
# (libc, libstdc++, libgcc, zlib) in which qemu-aarch64-static runs that runtime.
#   scripts/arm64-jdk.sh [FEATURE]   -> /var/cache/kubexm/arm64-jdk-FEATURE/{jmods,sysroot}
# Packages come from Debian's archive through a private apt root (its own sources and lists),
# so this machine's apt configuration is left alone.
set -euo pipefail
feature="${1:-25}"
cache="/var/cache/kubexm/arm64-jdk-$feature"
if [ -f "$cache/jmods/java.base.jmod" ] && [ -e "$cache/sysroot/lib/ld-linux-aarch64.so.1" ]; then
  echo "arm64-jdk: $cache is there"
  exit 0
fi
root="$cache/apt"
rm -rf "$root" "$cache/jmods" "$cache/sysroot"
mkdir -p "$root/etc/apt/apt.conf.d" "$root/etc/apt/preferences.d" "$root/etc/apt/sources.list.d" \
  "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial" "$root/var/lib/dpkg" "$root/debs"
: > "$root/var/lib/dpkg/status"
echo "deb [arch=arm64 signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] http://deb.debian.org/debian trixie main" \
  > "$root/etc/apt/sources.list"
cat > "$root/apt.conf" <<CONF
Dir "$root/";
Dir::State "$root/var/lib/apt";
Dir::State::status "$root/var/lib/dpkg/status";
Dir::Etc "$root/etc/apt";
Dir::Cache "$root/var/cache/apt";
APT::Architecture "arm64";
APT::Architectures "arm64";
APT::Sandbox::User "root";
Acquire::Languages "none";
Debug::NoLocking "true";
CONF
export APT_CONFIG="$root/apt.conf"
apt-get -q update >/dev/null
(cd "$root/debs" && apt-get -q download "openjdk-$feature-jdk-headless:arm64" libc6:arm64 libstdc++6:arm64 \
  libgcc-s1:arm64 zlib1g:arm64 >/dev/null)
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
dpkg-deb -x "$root"/debs/openjdk-"$feature"-jdk-headless_*_arm64.deb "$tmp/jdk"
jmods="$tmp/jdk/usr/lib/jvm/java-$feature-openjdk-arm64/jmods"
[ -f "$jmods/java.base.jmod" ] || { echo "arm64-jdk: openjdk-$feature-jdk-headless ships no jmods" >&2; exit 1; }
mv "$jmods" "$cache/jmods"
mkdir -p "$cache/sysroot"
for deb in "$root"/debs/*.deb; do
  case "$deb" in *openjdk*) ;; *) dpkg-deb -x "$deb" "$cache/sysroot" ;; esac
done
ln -s usr/lib "$cache/sysroot/lib" # trixie is merged-/usr: the loader is looked up as /lib/ld-linux-aarch64.so.1
rm -rf "$root"
echo "arm64-jdk: $(ls "$cache/jmods" | wc -l) jmods and an arm64 sysroot in $cache"
