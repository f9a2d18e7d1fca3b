#!/usr/bin/env bash
# Benchmark of preflight + node preparation (`kubexm prepare`) on lab nodes: a cold run on fresh
# nodes and a converged re-run, wall time of the whole command (JVM start and the build included).
# Usage: bench/node-prep/run.sh [NODES] (default 10). Needs root, the lab tools and the lab
# bundle's packages (scripts/lab-bundle.sh --fetch). Prints a Markdown table.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
nodes="${1:-10}"
name=bnp
work="$(mktemp -d /tmp/kubexm-bench-node-prep.XXXXXX)"
kx() { (cd "$work" && "$root/kubexm" "$@"); }
cleanup() { kx lab down --name="$name" >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
(cd "$root" && ./kubexm version >/dev/null)  # builds the CLI outside the measurements
kx lab up --name="$name" --nodes="$nodes" >/dev/null
"$root/scripts/lab-bundle.sh" "$work/build/packages" >/dev/null
# The lab kernel has no ip_vs: kube-proxy in iptables mode.
sed -i 's/^  kubernetes:$/  kubernetes:\n    proxyMode: iptables/' "$work/conf/$name/cluster.yaml"
wall() { local s e; s=$(date +%s.%N); kx "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }; e=$(date +%s.%N)
  awk -v s="$s" -v e="$e" 'BEGIN{printf "%.1f", e - s}'; }
cold=$(wall prepare --cluster="$name")
steps=$(grep -Eo '[0-9]+ steps: [^$]*' "$work/out" | head -1)
cold_modules=$(grep -Eo '[a-z-]+  module done \([0-9]+ ms\)' "$work/out" | sed 's/  module done (/ /; s/)//' | paste -sd, -)
warm=$(wall prepare --cluster="$name")
grep -q "nothing changed" "$work/out" || { echo "bench: the re-run changed something:" >&2; cat "$work/out" >&2; exit 1; }
warm_modules=$(grep -Eo '[a-z-]+  module done \([0-9]+ ms\)' "$work/out" | sed 's/  module done (/ /; s/)//' | paste -sd, -)
revert=$(wall delete cluster --cluster="$name" --yes)
echo "| nodes | cold s | converged re-run s | delete (revert) s | cold run steps |"
echo "|---|---|---|---|---|"
echo "| $nodes | $cold | $warm | $revert | $steps |"
echo
echo "modules, cold: $cold_modules"
echo "modules, re-run: $warm_modules"
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
