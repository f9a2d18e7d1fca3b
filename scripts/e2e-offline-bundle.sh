#!/usr/bin/env bash
# End-to-end check of the offline bundle through ./kubexm, run on demand (root; nginx,
# docker-registry, skopeo from scripts/install-test-deps.sh): every upstream is replaced by
# loopback servers (nginx for files, docker-registry for images), then
#   download -> download again (nothing fetched) -> download --check -> push images (twice)
#   -> dist -> verify-dist -> unpack with GNU tar -> the dist runs on its own Java runtime.
set -euo pipefail
KX="$(cd "$(dirname "$(readlink -f "$0")")/.." && pwd)/kubexm"
W="$(mktemp -d /tmp/kubexm-e2e.XXXXXX)"; mkdir -p "$W/mirror" "$W/ng" "$W/up" "$W/priv" "$W/work"
cd "$W/work"
port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
NG=$(port); UP=$(port); PRIV=$(port)
cat > "$W/ng/nginx.conf" <<CONF
daemon off; user root; pid $W/ng/pid; error_log $W/ng/err.log; events {}
http { access_log off; client_body_temp_path $W/ng/b; proxy_temp_path $W/ng/p; fastcgi_temp_path $W/ng/f; uwsgi_temp_path $W/ng/u; scgi_temp_path $W/ng/s;
 server { listen 127.0.0.1:$NG; root $W/mirror; } }
CONF
nginx -c "$W/ng/nginx.conf" -p "$W/ng" & NGP=$!
for r in up priv; do
  p=$([ $r = up ] && echo $UP || echo $PRIV)
  printf 'version: 0.1\nlog: {level: error}\nstorage: {filesystem: {rootdirectory: %s/data}}\nhttp: {addr: "127.0.0.1:%s"}\n' "$W/$r" "$p" > "$W/$r/config.yml"
  docker-registry serve "$W/$r/config.yml" > "$W/$r/log" 2>&1 &
  echo $! > "$W/$r/pid"
done
trap 'kill $NGP $(cat $W/up/pid) $(cat $W/priv/pid) 2>/dev/null || true; rm -rf "$W"' EXIT
sleep 1
cat > cluster.yaml <<Y
apiVersion: kubexm.io/v1alpha1
kind: Cluster
metadata: {name: e2e}
spec:
  hosts:
    - {name: node1, address: 10.0.0.11, password: x}
  roleGroups: {etcd: [node1], master: [node1], worker: [node1]}
  network: {plugin: calico, nodeLocalDNS: false}
  storage: {localPath: {enabled: false}}
  registry:
    privateRegistry: "127.0.0.1:$PRIV"
    namespaceOverride: e2e
    auths: {"127.0.0.1:$PRIV": {plainHTTP: true}}
Y
# seed images: one small two-arch image, copied under every name the BOM wants
mkdir -p "$W/seed/blobs/sha256"
python3 - "$W/seed" <<'PY'
import hashlib, json, os, sys, tarfile, io
d = sys.argv[1]
def blob(b):
    h = hashlib.sha256(b).hexdigest(); open(f"{d}/blobs/sha256/{h}", "wb").write(b); return "sha256:" + h, len(b)
ms = []
for arch in ["amd64", "arm64"]:
    buf = io.BytesIO(); t = tarfile.open(fileobj=buf, mode="w")
    data = f"hello {arch}\n".encode(); ti = tarfile.TarInfo("hello"); ti.size = len(data); t.addfile(ti, io.BytesIO(data)); t.close()
    ld, ls = blob(buf.getvalue())
    cd, cs = blob(json.dumps({"architecture": arch, "os": "linux", "rootfs": {"type": "layers", "diff_ids": [ld]}}).encode())
    md, msz = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": cd, "size": cs},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": ld, "size": ls}]}).encode())
    ms.append({"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": md, "size": msz, "platform": {"architecture": arch, "os": "linux"}})
idx, isz = blob(json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json", "manifests": ms}).encode())
json.dump({"schemaVersion": 2, "manifests": [{"mediaType": "application/vnd.oci.image.index.v1+json", "digest": idx, "size": isz,
    "annotations": {"org.opencontainers.image.ref.name": "img"}}]}, open(f"{d}/index.json", "w"))
open(f"{d}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
PY
{ echo "images:"; echo "  refs:"; } > versions.yaml
for n in kube-apiserver kube-controller-manager kube-scheduler kube-proxy pause coredns calico-cni calico-node calico-kube-controllers; do
  skopeo --insecure-policy copy -q --all --dest-tls-verify=false "oci:$W/seed:img" "docker://127.0.0.1:$UP/kx/$n:1.0"
  echo "    $n: {ref: \"127.0.0.1:$UP/kx/$n:1.0\"}" >> versions.yaml
done
# upstream-shaped dummy files at every URL of the BOM, with their digests pinned in the versions file
echo "checksums:" >> versions.yaml
$KX download -f cluster.yaml --versions versions.yaml --list 2>/dev/null | awk '/^FILES/{f=1;next} /^$/{f=0} f && $NF ~ /^https:/ {print $1, $2, $3, $NF}' |
while read -r comp ver arch url; do
  path="$W/mirror/${url#https://}"; mkdir -p "$(dirname "$path")"; echo "$comp $ver $arch fake content" > "$path"
  if [ "$arch" != "-" ]; then echo "  $comp: {$arch: {$ver: $(sha256sum "$path" | cut -d' ' -f1)}}" >> versions.yaml; fi
done
echo "== download"; $KX download -f cluster.yaml --versions versions.yaml --mirror "http://127.0.0.1:$NG" --plain-http-registry "127.0.0.1:$UP" | tail -3
echo "== download again"; $KX download -f cluster.yaml --versions versions.yaml --mirror "http://127.0.0.1:$NG" --plain-http-registry "127.0.0.1:$UP" 2>&1 | tail -3
echo "== check"; $KX download --check -f cluster.yaml --versions versions.yaml | tail -3
echo "== push"; $KX push images -f cluster.yaml | tail -3
echo "== push again"; $KX push images -f cluster.yaml | tail -1
skopeo inspect --tls-verify=false --override-arch amd64 "docker://127.0.0.1:$PRIV/e2e/kube-apiserver:1.0" | grep -i '"Architecture"'
echo "== dist"; $KX dist -f cluster.yaml --versions versions.yaml --output "$W/out"
A=$(ls "$W"/out/kubexm-dist-*.tar.gz)
echo "== verify-dist"; $KX verify-dist "$A"
mkdir -p "$W/unpacked"; tar -C "$W/unpacked" -xzf "$A"; D=$(ls -d "$W"/unpacked/kubexm-dist-*)
cp cluster.yaml versions.yaml "$D/"
echo "== dist runs on its own runtime"; (cd "$D" && env -u JAVA_HOME PATH=/usr/bin:/bin ./kubexm version && ./kubexm download --check -f cluster.yaml --versions versions.yaml | tail -1)
du -sh "$A"
