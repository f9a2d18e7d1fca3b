#!/usr/bin/env bash
# Benchmark of `kubexm build` against a kubeasz-style cfssl loop that generates the same
# certificate set (Debian's golang-cfssl). Both run side by side in the same run, on the same
# machine, one after the other per case. Usage: bench/build/run.sh [SIZES...] (default: 100 1000)
# Prints a Markdown table: wall time and peak RSS of each, and the kubexm/cfssl ratio.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
sizes=("${@:-100 1000}")
read -r -a sizes <<<"${sizes[*]}"
work="$(mktemp -d /tmp/kubexm-bench-build.XXXXXX)"
trap 'rm -rf "$work"' EXIT
for tool in cfssl cfssljson /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool missing; run scripts/install-test-deps.sh" >&2; exit 2; }
done

# cluster.yaml with N hosts: node0001..node0003 are masters and etcd, the rest workers.
inventory() {
  local n=$1 alg=$2 name=$3 i
  mkdir -p "$work/conf/$name"
  {
    printf 'apiVersion: kubexm.io/v1alpha1\nkind: Cluster\nmetadata:\n  name: %s\nspec:\n  hosts:\n' "$name"
    for ((i = 1; i <= n; i++)); do
      printf '    - {name: node%04d, address: 10.%d.%d.%d}\n' "$i" $((i / 65536)) $((i / 256 % 256)) $((i % 256))
    done
    printf '  roleGroups:\n    etcd: [node0001, node0002, node0003]\n    master: [node0001, node0002, node0003]\n    worker: ['
    for ((i = 4; i <= n; i++)); do printf '%snode%04d' "$([ "$i" -gt 4 ] && echo ', ')" "$i"; done
    printf ']\n  kubernetes:\n    certificates: {keyAlgorithm: %s}\n' "$alg"
    printf '  network: {podCIDR: 172.16.0.0/12}\n' 
  } >"$work/conf/$name/cluster.yaml"
}

# The same certificates kubexm issues, one cfssl + cfssljson process pair each, as kubeasz does.
cfssl_set() {
  local n=$1 alg=$2 dir=$3 i node ip
  local algo size
  if [ "$alg" = rsa2048 ]; then algo=rsa size=2048; else algo=ecdsa size=256; fi
  mkdir -p "$dir" && cd "$dir"
  cat >ca-config.json <<JSON
{"signing":{"default":{"expiry":"87600h"},"profiles":{
 "server":{"usages":["signing","key encipherment","server auth"],"expiry":"87600h"},
 "client":{"usages":["signing","key encipherment","client auth"],"expiry":"87600h"},
 "peer":{"usages":["signing","key encipherment","server auth","client auth"],"expiry":"87600h"}}}}
JSON
  csr() { # name cn org hosts-json
    printf '{"CN":"%s","hosts":%s,"key":{"algo":"%s","size":%s}%s}\n' "$2" "$4" "$algo" "$size" \
      "$([ -n "$3" ] && printf ',"names":[{"O":"%s"}]' "$3")" >"$1-csr.json"
  }
  ca() { csr "$1" "$2" "" '[]'; cfssl gencert -initca "$1-csr.json" 2>/dev/null | cfssljson -bare "$1"; }
  leaf() { # ca profile name cn org hosts-json
    csr "$3" "$4" "$5" "$6"
    cfssl gencert -ca="$1.pem" -ca-key="$1-key.pem" -config=ca-config.json -profile="$2" "$3-csr.json" 2>/dev/null \
      | cfssljson -bare "$3"
  }
  ca ca kubernetes; ca front-proxy-ca front-proxy-ca; ca etcd-ca etcd-ca
  csr sa sa "" '[]'; cfssl genkey sa-csr.json 2>/dev/null | cfssljson -bare sa
  local masters='"10.0.0.1","10.0.0.2","10.0.0.3","node0001","node0002","node0003"'
  for i in 1 2 3; do
    node=$(printf node%04d "$i"); ip="10.0.0.$i"
    leaf etcd-ca peer "member-$node" "$node" "" "[\"$ip\",\"$node\",\"localhost\",\"127.0.0.1\",\"::1\"]"
    leaf etcd-ca client "admin-$node" "admin-$node" "" '[]'
    leaf etcd-ca client "node-$node" "node-$node" "" '[]'
  done
  leaf ca server apiserver kube-apiserver "" "[\"kubernetes\",\"kubernetes.default\",\"kubernetes.default.svc\",\"kubernetes.default.svc.cluster.local\",\"localhost\",\"127.0.0.1\",\"10.233.0.1\",$masters]"
  leaf ca client apiserver-kubelet-client kube-apiserver-kubelet-client kubeadm:cluster-admins '[]'
  leaf front-proxy-ca client front-proxy-client front-proxy-client "" '[]'
  leaf etcd-ca client apiserver-etcd-client kube-apiserver-etcd-client "" '[]'
  leaf ca client controller-manager system:kube-controller-manager "" '[]'
  leaf ca client scheduler system:kube-scheduler "" '[]'
  leaf ca client kube-proxy system:kube-proxy "" '[]'
  leaf ca client admin kubernetes-admin kubeadm:cluster-admins '[]'
  for ((i = 1; i <= n; i++)); do
    node=$(printf node%04d "$i"); ip="10.$((i / 65536)).$((i / 256 % 256)).$((i % 256))"
    leaf ca client "kubelet-$node" "system:node:$node" system:nodes '[]'
    leaf ca server "kubelet-serving-$node" "system:node:$node" system:nodes "[\"$node\",\"$ip\"]"
  done
  ls ./*-key.pem | wc -l >"$dir.count"
}

measure() { # command... ; prints "wall_s cpu_s peak_rss_mib"
  local out="$work/time.$RANDOM"
  /usr/bin/time -f '%e %U %S %M' -o "$out" "$@" >/dev/null 2>"$work/stderr" || {
    echo "bench: $* failed:" >&2; cat "$work/stderr" >&2; exit 1; }
  awk '{printf "%.1f %.1f %.0f\n", $1, $2 + $3, $4 / 1024}' "$out"
}

# Build the CLI once, outside the measurements; then run the jar itself, heap capped at 512 MiB.
(cd "$root" && ./kubexm version >/dev/null)
. "$root/scripts/find-java.sh"
kubexm_find_java
kubexm=("$JAVA_HOME/bin/java" -Xmx512m -jar "$root/cli/target/kubexm.jar")
export -f cfssl_set
export work
echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg), $(nproc) cores"
echo
echo "| nodes | key | kubexm wall s | kubexm CPU s | kubexm peak RSS MiB | cfssl wall s | cfssl CPU s | cfssl keys | kubexm/cfssl wall |"
echo "|---|---|---|---|---|---|---|---|---|"
for n in "${sizes[@]}"; do
  for alg in rsa2048 ecdsa-p256; do
    name="bench-$n-$alg"
    inventory "$n" "$alg" "$name"
    read -r kw kc km < <(cd "$work" && measure "${kubexm[@]}" build --cluster="$name")
    read -r cw cc _ < <(measure bash -c "cfssl_set $n $alg $work/cfssl-$name")
    printf '| %s | %s | %s | %s | %s | %s | %s | %s | %.2f |\n' "$n" "$alg" "$kw" "$kc" "$km" "$cw" "$cc" \
      "$(cat "$work/cfssl-$name.count")" "$(awk -v a="$kw" -v b="$cw" 'BEGIN{print a/b}')"
    rm -rf "$work/build/$name" "$work/cfssl-$name"
  done
done
