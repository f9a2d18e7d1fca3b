#!/usr/bin/env bash
# Benchmark of `kubexm lab`: wall time of `lab up --nodes 3` and `--nodes 10` from a warm
# root file system cache (JVM start included, as a user sees it), and the memory a 10-node
# lab holds. Needs root. Usage: bench/lab/run.sh [ROUNDS]   (default 3 rounds per size)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
kubexm="$root/kubexm"
rounds="${1:-3}"
lab=kxbench
conf="$(mktemp -d)"
trap '"$kubexm" lab down --name $lab --conf-dir "$conf" >/dev/null; rm -rf "$conf"' EXIT

"$kubexm" lab down --name $lab --conf-dir "$conf" >/dev/null
# Warm-up: builds the CLI and the cache when missing; not measured.
"$kubexm" lab up --name $lab --nodes 1 --conf-dir "$conf" >/dev/null
"$kubexm" lab down --name $lab --conf-dir "$conf" >/dev/null

echo "machine: $(nproc) cores, $(awk '/^MemTotal:/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
for n in 3 10; do
  for r in $(seq "$rounds"); do
    start=$(date +%s.%N)
    "$kubexm" lab up --name $lab --nodes "$n" --conf-dir "$conf" >/dev/null
    end=$(date +%s.%N)
    printf 'lab up --nodes %-2s round %s: %.1f s\n' "$n" "$r" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')"
    if [ "$n" = 10 ] && [ "$r" = "$rounds" ]; then
      sleep 10 # let the nodes settle (journald, logind) before measuring
      read -r cg rss < <("$root/bench/lab/memory.sh" $lab)
      echo "10-node lab memory: cgroups $((cg >> 20)) MiB (rss $((rss >> 20)) MiB, rest page cache);" \
           "overlay upper dirs $(du -scm /var/lib/kubexm/lab/$lab/nodes/*/upper | tail -1 | cut -f1) MiB on disk"
    fi
    "$kubexm" lab down --name $lab --conf-dir "$conf" >/dev/null
  done
done
