#!/usr/bin/env bash
# Assembles an offline bundle (build/packages layout) for lab clusters without internet access
# at run time: etcd repackaged from Debian's etcd-server/etcd-client binaries into the upstream
# release tarball shape, and a flat apt repository with the node dependencies the lab's Debian 12
# root file system lacks (fetched once into a cache by `--fetch`, which scripts/install-test-deps.sh runs).
#   scripts/lab-bundle.sh --fetch        download the .debs into the cache (needs the Debian mirror)
#   scripts/lab-bundle.sh DEST           write DEST/{bom.json,files/etcd/...,repos/debian12/amd64/}
set -euo pipefail
cache=/var/cache/kubexm/lab-bundle/debs
rootfs=/var/cache/kubexm/lab/debian12-v1/rootfs
debs="nfs-common open-iscsi bash-completion"

if [ "${1:-}" = "--fetch" ]; then
  [ -d "$rootfs" ] || { echo "lab-bundle: no lab root file system at $rootfs; run 'kubexm lab up' once first" >&2; exit 2; }
  mkdir -p "$cache/partial"
  # Resolve dependencies against the lab nodes' installed packages, not this machine's.
  apt-get -q -y -o Dir::State::status="$rootfs/var/lib/dpkg/status" -o Dir::Cache::archives="$cache" \
    -o Debug::NoLocking=1 install --download-only --no-install-recommends $debs >/dev/null
  echo "lab-bundle: $(ls "$cache"/*.deb | wc -l) packages in $cache"
  exit 0
fi

dest="${1:?usage: lab-bundle.sh DEST | --fetch}"
ls "$cache"/*.deb >/dev/null 2>&1 || { echo "lab-bundle: no packages in $cache; run scripts/lab-bundle.sh --fetch first" >&2; exit 2; }
command -v etcd >/dev/null || { echo "lab-bundle: etcd is not installed; apt-get install etcd-server etcd-client" >&2; exit 2; }
version="v$(etcd --version | awk '/etcd Version/ {print $3}')"
name="etcd-$version-linux-amd64"
tmp="$(mktemp -d)"; trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/$name" "$dest/files/etcd/$version/amd64" "$dest/repos/debian12/amd64"
cp "$(command -v etcd)" "$(command -v etcdctl)" "$tmp/$name/"
tarball="$dest/files/etcd/$version/amd64/$name.tar.gz"
tar -C "$tmp" --owner=0 --group=0 --mtime=@0 -cf - "$name" | gzip -n -1 > "$tarball"
sha="$(sha256sum < "$tarball" | cut -d' ' -f1)"
echo "$sha  $name.tar.gz" > "$tarball.sha256"
cp "$cache"/*.deb "$dest/repos/debian12/amd64/"
(cd "$dest/repos/debian12/amd64" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null > Packages)
cat > "$dest/bom.json" <<JSON
{
  "generatedBy" : "scripts/lab-bundle.sh",
  "files" : [ {
    "path" : "files/etcd/$version/amd64/$name.tar.gz",
    "component" : "etcd",
    "version" : "$version",
    "arch" : "amd64",
    "source" : "Debian etcd-server/etcd-client $(dpkg-query -W -f='${Version}' etcd-server 2>/dev/null || echo unknown)",
    "size" : $(stat -c %s "$tarball"),
    "sha256" : "$sha"
  } ]
}
JSON
echo "$version"
