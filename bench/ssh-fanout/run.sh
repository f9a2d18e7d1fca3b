#!/usr/bin/env bash
# Benchmark: `true` on N loopback sshd targets (one sshd per port), cold and warm, through
# kubexm's SSH connector. Needs root (starts sshd, creates a throw-away user with /bin/sh).
# Usage: bench/ssh-fanout/run.sh [N=50]
set -euo pipefail
n="${1:-50}"
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.." && pwd)"
cd "$root"
[ "$(id -u)" -eq 0 ] || { echo "run as root: it starts sshd and creates a user" >&2; exit 2; }
. scripts/find-java.sh
kubexm_find_java || exit 2
work="$(mktemp -d /tmp/kubexm-fanout.XXXXXX)"
chmod 755 "$work"
user="kxbench$$"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  userdel "$user" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

# One reactor run: the connector's classpath file is written last, with util resolved from the reactor.
./mvnw -B -q -pl connector -am package dependency:build-classpath -DskipTests -Dmdep.outputFile="$work/cp.txt" >/dev/null
cp="connector/target/classes:$(cat "$work/cp.txt")"

useradd -M -d "$work" -s /bin/sh "$user"
usermod -p '*' "$user" # no password, but not locked: key login works
ssh-keygen -q -t ed25519 -N '' -f "$work/id_ed25519"
ssh-keygen -q -t ed25519 -N '' -f "$work/host_key"
mkdir -p "$work/auth" /run/sshd
cp "$work/id_ed25519.pub" "$work/auth/$user"
chmod 644 "$work/auth/$user"

ports=()
port=$((20000 + RANDOM % 20000))
while [ "${#ports[@]}" -lt "$n" ]; do
  port=$((port + 1))
  ss -Htln "( sport = :$port )" | grep -q . && continue
  cat > "$work/sshd_$port" <<CFG
Port $port
ListenAddress 127.0.0.1
HostKey $work/host_key
PidFile $work/sshd_$port.pid
AuthorizedKeysFile $work/auth/%u
StrictModes no
UsePAM no
PasswordAuthentication no
LogLevel ERROR
CFG
  /usr/sbin/sshd -D -e -f "$work/sshd_$port" 2>>"$work/sshd.log" &
  pids+=($!)
  ports+=("$port")
done
for p in "${ports[@]}"; do
  until ss -Htln "( sport = :$p )" | grep -q .; do sleep 0.05; done
done

echo "kubexm ssh fan-out: $n sshd targets on 127.0.0.1, $(nproc) cores"
"$JAVA_HOME/bin/java" -cp "$cp" bench/ssh-fanout/SshFanout.java "$user" "$work/id_ed25519" "$work/known_hosts" "${ports[@]}"

# Baseline: the OpenSSH client doing the same cold fan-out (one process per target, all at once).
start=$(date +%s%N)
printf '%s\n' "${ports[@]}" | xargs -P "$n" -I{} ssh -q -o BatchMode=yes -o StrictHostKeyChecking=accept-new \
  -o UserKnownHostsFile="$work/known_hosts_openssh" -i "$work/id_ed25519" -p {} "$user@127.0.0.1" true
end=$(date +%s%N)
awk -v ns=$((end - start)) -v n="$n" 'BEGIN { printf "%-24s %3d hosts  wall %7.1f ms  per host %6.2f ms\n", "openssh client, cold", n, ns / 1e6, ns / 1e6 / n }'
