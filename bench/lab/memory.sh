#!/usr/bin/env bash
# Memory held by the nodes of lab LAB, summed over their cgroups: prints
# "USAGE_BYTES ANON_BYTES" (anon: process memory; the rest is mostly page cache).
# Usage: bench/lab/memory.sh LAB [CGROUP_ROOT]   (CGROUP_ROOT defaults to /sys/fs/cgroup)
set -euo pipefail
lab="$1"
root="${2:-/sys/fs/cgroup}"
# cgroup v2 (one hierarchy): memory.current, anonymous memory as "anon";
# v1: the memory hierarchy's memory.usage_in_bytes, anonymous memory as "total_rss".
if [ -e "$root/cgroup.controllers" ]; then
  dir="$root/kubexm-lab" usage=memory.current anon=anon
else
  dir="$root/memory/kubexm-lab" usage=memory.usage_in_bytes anon=total_rss
fi
total=0 rss=0 found=0
for g in "$dir/kxl-$lab".*; do
  [ -d "$g" ] || continue
  found=1
  total=$((total + $(cat "$g/$usage")))
  rss=$((rss + $(awk -v k="$anon" '$1 == k {print $2}' "$g/memory.stat")))
done
if [ "$found" = 0 ]; then
  echo "no cgroup of lab $lab under $dir" >&2
  exit 1
fi
echo "$total $rss"
