#!/usr/bin/env bash
# Benchmark: kubexm's downloader fetching and sha256-verifying 1 GiB in 20 files from a
# loopback nginx mirror (parallel, upstream .sha256 fetched beside each file), versus curl
# fetching the same files one after the other (and versus curl followed by sha256sum -c).
# Usage: bench/download/run.sh [FILES=20] [TOTAL_MIB=1024] [PARALLEL=4]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
files=${1:-20}; total_mib=${2:-1024}; parallel=${3:-4}
. "$root/scripts/find-java.sh"; kubexm_find_java
cd "$root"
# The CLI build copies kubexm-artifacts and its dependencies to cli/target/lib.
./mvnw -B -q -pl cli -am package -DskipTests 2>/dev/null
cp="$root/cli/target/lib/*"
work="$(mktemp -d /tmp/kubexm-bench.XXXXXX)"
nginx_pid=""
cleanup() { [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
mkdir -p "$work/mirror/bench.local/files" "$work/nginx" "$work/curl"
size=$(( total_mib * 1024 * 1024 / files ))
for i in $(seq -w 1 "$files"); do
  f="$work/mirror/bench.local/files/f$i.bin"
  head -c "$size" /dev/urandom > "$f"
  (cd "$(dirname "$f")" && sha256sum "f$i.bin" > "f$i.bin.sha256")
done
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$work/nginx/nginx.conf" <<CONF
daemon off; user root; worker_processes 2; pid $work/nginx/nginx.pid; error_log $work/nginx/error.log;
events { worker_connections 256; }
http { access_log off; sendfile on; default_type application/octet-stream;
  client_body_temp_path $work/nginx/b; proxy_temp_path $work/nginx/p; fastcgi_temp_path $work/nginx/f;
  uwsgi_temp_path $work/nginx/u; scgi_temp_path $work/nginx/s;
  server { listen 127.0.0.1:$port; root $work/mirror; } }
CONF
nginx -c "$work/nginx/nginx.conf" -p "$work/nginx" & nginx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$port/" && break; sleep 0.1; done
sync
base="http://127.0.0.1:$port"
t0=$(date +%s.%N)
for i in $(seq -w 1 "$files"); do
  curl -sSf -o "$work/curl/f$i.bin" "$base/bench.local/files/f$i.bin"
done
t1=$(date +%s.%N)
for i in $(seq -w 1 "$files"); do
  curl -sSf -o "$work/curl/f$i.bin.sha256" "$base/bench.local/files/f$i.bin.sha256"
done
(cd "$work/curl" && sha256sum --quiet -c ./*.sha256)
t2=$(date +%s.%N)
rm -rf "$work/curl"
kubexm=$("$JAVA_HOME/bin/java" -cp "$cp" bench/download/DownloadBench.java "$base" "$files" "$work/kubexm" "$parallel")
curl_only=$(echo "$t1 - $t0" | bc -l); curl_verify=$(echo "$t2 - $t0" | bc -l)
printf 'files: %d x %d bytes (%d MiB), parallel %d, %s cores\n' "$files" "$size" "$total_mib" "$parallel" "$(nproc)"
printf 'curl sequential, fetch only:          %6.2f s\n' "$curl_only"
printf 'curl sequential + sha256sum -c:       %6.2f s\n' "$curl_verify"
printf 'kubexm download (fetch + verify):     %6.2f s\n' "$kubexm"
printf 'ratio kubexm / curl fetch only:       %6.2f\n' "$(echo "$kubexm / $curl_only" | bc -l)"
printf 'ratio kubexm / curl + sha256sum:      %6.2f\n' "$(echo "$kubexm / $curl_verify" | bc -l)"
