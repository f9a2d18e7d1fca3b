#!/usr/bin/env bash
# Fetches once a partial Debian 12 (bookworm) amd64 mirror, in the archive's own layout, for the
# tests that build kubexm's apt repository from it on loopback (AptRepoTest, AptRepoLabTest):
#   debian/dists/bookworm/InRelease                               as Debian signed it
#   debian/dists/bookworm/main/binary-amd64/by-hash/SHA256/<sha>  Packages.xz, where apt asks for it
#   debian/pool/main/...                                          the .debs of the package set's closure
#   packages.list                                                 the package set the closure is of
# The closure is kubexm's (OsRepos): the set plus Debian's required packages, resolved by apt on a
# system with nothing installed and without recommends. Everything is checked before it is kept:
# InRelease against debian-archive-keyring, Packages.xz and every .deb against the signed digests.
# A second run checks the cache the same way and fetches nothing when it is complete; when Debian
# no longer has a file the cached InRelease names (a later point release), it starts over.
#   scripts/debian-mirror.sh   -> /var/cache/kubexm/debian-mirror/bookworm-amd64
set -euo pipefail
upstream=http://deb.debian.org/debian
suite=bookworm
arch=amd64
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
packages=(socat conntrack ipset ebtables chrony) # AptRepoTest.SET
cache="/var/cache/kubexm/debian-mirror/$suite-$arch"
mirror="$cache/debian"
dists="$mirror/dists/$suite"
fetched=0

die() { echo "debian-mirror: $*" >&2; exit 1; }
[ -f "$keyring" ] || die "$keyring is missing: apt-get install debian-archive-keyring"

# Set when this run fetched InRelease itself (or is the run that starts over).
fresh="${KUBEXM_DEBIAN_MIRROR_FRESH:-false}"

# fetch URL DEST [SHA256]: downloads to a temporary name, checks the digest, then renames.
fetch() {
  mkdir -p "$(dirname "$2")"
  local code=0
  curl -fsSL --retry 3 -o "$2.part" "$1" || code=$?
  if [ "$code" -eq 22 ] && [ "$fresh" = false ]; then
    # Debian drops what a point release supersedes: the cached InRelease is older than the archive.
    echo "debian-mirror: $1 is gone upstream; the cached snapshot is outdated, starting over from today's" >&2
    rm -rf "$mirror" "${root:-}"
    KUBEXM_DEBIAN_MIRROR_FRESH=true exec "$0"
  fi
  [ "$code" -eq 0 ] || { rm -f "$2.part"; die "cannot fetch $1 (curl exit $code)"; }
  if [ -n "${3:-}" ] && [ "$(sha256sum < "$2.part" | cut -d' ' -f1)" != "$3" ]; then
    rm -f "$2.part"; die "$1 does not have the sha256 the signed index gives ($3)"
  fi
  mv "$2.part" "$2"
  fetched=$((fetched + 1))
}

signed() { gpgv --quiet --keyring "$keyring" "$dists/InRelease" >/dev/null 2>&1; }
if [ ! -f "$dists/InRelease" ] || ! signed; then
  rm -rf "$mirror"
  fresh=true
  fetch "$upstream/dists/$suite/InRelease" "$dists/InRelease"
  signed || { rm -f "$dists/InRelease"; die "$upstream/dists/$suite/InRelease is not signed by a key of $keyring"; }
fi

# The digest of main's Packages.xz from the SHA256 section of the signed file.
index="main/binary-$arch/Packages.xz"
sha="$(gpgv --quiet --keyring "$keyring" --output - "$dists/InRelease" 2>/dev/null \
  | awk -v f="$index" '/^SHA256:/ {s=1; next} /^[^ ]/ {s=0} s && $3 == f {print $1}')"
[ -n "$sha" ] || die "$dists/InRelease lists no $index"
xz="$dists/main/binary-$arch/by-hash/SHA256/$sha"
if [ ! -f "$xz" ] || [ "$(sha256sum < "$xz" | cut -d' ' -f1)" != "$sha" ]; then
  rm -rf "$dists/main"
  fetch "$upstream/dists/$suite/main/binary-$arch/by-hash/SHA256/$sha" "$xz" "$sha"
fi

# The closure, resolved by apt in a private root whose only source is the cache itself (file:),
# so apt checks the signature and the index digest once more. --print-uris names each .deb; its
# sha256 is the one of the signed Packages index apt has just accepted.
root="$(mktemp -d)"; trap 'rm -rf "$root"' EXIT
mkdir -p "$root/etc/apt/apt.conf.d" "$root/etc/apt/preferences.d" "$root/etc/apt/sources.list.d" \
  "$root/var/lib/apt/lists/partial" "$root/var/cache/apt/archives/partial" "$root/var/lib/dpkg"
: > "$root/var/lib/dpkg/status"
echo "deb [arch=$arch signed-by=$keyring] file:$mirror $suite main" > "$root/etc/apt/sources.list"
cat > "$root/apt.conf" <<CONF
Dir "$root/";
Dir::State "$root/var/lib/apt";
Dir::State::status "$root/var/lib/dpkg/status";
Dir::Etc "$root/etc/apt";
Dir::Cache "$root/var/cache/apt";
APT::Architecture "$arch";
APT::Architectures "$arch";
APT::Install-Recommends "false";
APT::Sandbox::User "root";
Acquire::Languages "none";
Debug::NoLocking "true";
CONF
export APT_CONFIG="$root/apt.conf"
apt-get -q update >/dev/null || die "apt does not accept the cached metadata in $dists"
uris="$(apt-get -q -y --print-uris --download-only install "${packages[@]}" '?priority(required)')" \
  || die "apt cannot resolve ${packages[*]} from $mirror"
while read -r uri _; do
  path="${uri#"'file:$mirror/"}"; path="${path%\'}"
  printf '%b\n' "${path//%/\\x}" # percent-decoded: the Filename of the index
done < <(grep "^'" <<< "$uris") > "$root/closure"
awk 'NR == FNR {want[$1] = 1; next}
     /^Filename: / {f = $2} /^SHA256: / {s = $2}
     /^$/ {if (f in want) print f, s; f = s = ""}
     END {if (f in want) print f, s}' "$root/closure" "$root"/var/lib/apt/lists/*_Packages > "$root/digests"
count="$(wc -l < "$root/closure")"
[ "$(wc -l < "$root/digests")" -eq "$count" ] || die "the index lacks a digest for one of: $(tr '\n' ' ' < "$root/closure")"
while read -r path sha; do
  if [ ! -f "$mirror/$path" ] || [ "$(sha256sum < "$mirror/$path" | cut -d' ' -f1)" != "$sha" ]; then
    fetch "$upstream/$path" "$mirror/$path" "$sha"
  fi
done < "$root/digests"
printf '%s\n' "${packages[@]}" > "$cache/packages.list"
if [ "$fetched" -eq 0 ]; then
  echo "debian-mirror: $cache is there ($count packages, nothing fetched)"
else
  echo "debian-mirror: $count packages of $suite $arch in $cache (fetched: $fetched)"
fi
