package io.kubexm.artifacts;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * Manifests and charts shaped like the real ones the catalog pins (cilium's chart, longhorn's
 * multi-document deploy/longhorn.yaml, Rook's operator and cluster charts, Kubernetes' NodeLocal
 * DNSCache manifest), written at their upstream paths under a mirror root, with the images each
 * names. The shapes follow the upstream files: image maps with digests and cilium's operator
 * variants, images handed to longhorn-manager by flag and env var, CRD schemas with an {@code image}
 * property, templated references in chart templates.
 */
public final class ManifestFixture {
    static final String K8S = "v1.32.4";

    private static String digest(String seed) {
        return "sha256:" + Digests.sha256(seed.getBytes(StandardCharsets.UTF_8));
    }

    static final String CILIUM_DIGEST = digest("cilium");

    /** Upstream path (host/path) of each manifest. */
    public static final String CILIUM = "helm.cilium.io/cilium-1.16.9.tgz";
    public static final String LONGHORN = "raw.githubusercontent.com/longhorn/longhorn/v1.8.1/deploy/longhorn.yaml";
    public static final String ROOK = "charts.rook.io/release/rook-ceph-v1.17.1.tgz";
    public static final String ROOK_CLUSTER = "charts.rook.io/release/rook-ceph-cluster-v1.17.1.tgz";
    public static final String NODELOCALDNS = "raw.githubusercontent.com/kubernetes/kubernetes/" + K8S
            + "/cluster/addons/dns/nodelocaldns/nodelocaldns.yaml";

    /** The images each manifest names, canonical, keyed by upstream path. */
    public static final Map<String, List<String>> IMAGES = new LinkedHashMap<>();

    static {
        IMAGES.put(CILIUM, List.of(
                "quay.io/cilium/alpine-curl:v1.10.0", // a literal image: line of a template
                "quay.io/cilium/cilium:v1.16.9@" + CILIUM_DIGEST,
                "quay.io/cilium/cilium-envoy:v1.31.5-1741765102-efed3defcc70ab5b263a0fc44c93d316b846a211@" + digest("envoy"),
                "quay.io/cilium/hubble-relay:v1.16.9@" + digest("relay"),
                "quay.io/cilium/hubble-ui-backend:v0.13.2@" + digest("ui-backend"),
                "quay.io/cilium/hubble-ui:v0.13.2@" + digest("ui"),
                "quay.io/cilium/operator-generic:v1.16.9@" + digest("operator-generic"),
                "quay.io/cilium/certgen:v0.2.1@" + digest("certgen"),
                "quay.io/cilium/clustermesh-apiserver:v1.16.9@" + digest("clustermesh"),
                "quay.io/cilium/startup-script:c54c7edeab7fde4da68e59acd319ab24af242c3f@" + digest("startup"),
                "ghcr.io/spiffe/spire-agent:1.9.6@" + digest("spire-agent"),
                "docker.io/library/busybox:1.36.1@" + digest("busybox")));
        IMAGES.put(LONGHORN, List.of(
                "docker.io/longhornio/longhorn-manager:v1.8.1",
                "docker.io/longhornio/longhorn-engine:v1.8.1",
                "docker.io/longhornio/longhorn-instance-manager:v1.8.1",
                "docker.io/longhornio/longhorn-share-manager:v1.8.1",
                "docker.io/longhornio/backing-image-manager:v1.8.1",
                "docker.io/longhornio/support-bundle-kit:v0.0.52",
                "docker.io/longhornio/csi-attacher:v4.8.1",
                "docker.io/longhornio/csi-provisioner:v5.2.0",
                "docker.io/longhornio/csi-node-driver-registrar:v2.13.0",
                "docker.io/longhornio/csi-resizer:v1.13.2",
                "docker.io/longhornio/csi-snapshotter:v8.2.0",
                "docker.io/longhornio/livenessprobe:v2.15.0",
                "docker.io/longhornio/longhorn-ui:v1.8.1"));
        IMAGES.put(ROOK, List.of(
                "docker.io/rook/ceph:v1.17.1",
                "quay.io/cephcsi/cephcsi:v3.14.0",
                "registry.k8s.io/sig-storage/csi-node-driver-registrar:v2.13.0",
                "registry.k8s.io/sig-storage/csi-provisioner:v5.1.0",
                "registry.k8s.io/sig-storage/csi-snapshotter:v8.2.0",
                "registry.k8s.io/sig-storage/csi-attacher:v4.8.0",
                "registry.k8s.io/sig-storage/csi-resizer:v1.13.1",
                "quay.io/csiaddons/k8s-sidecar:v0.12.0"));
        IMAGES.put(ROOK_CLUSTER, List.of("quay.io/ceph/ceph:v19.2.2"));
        IMAGES.put(NODELOCALDNS, List.of("registry.k8s.io/dns/k8s-dns-node-cache:1.24.0"));
    }

    private ManifestFixture() {
    }

    /** Writes every manifest under {@code root} at its upstream path. */
    public static void write(Path root) throws IOException {
        put(root, CILIUM, ciliumChart());
        put(root, LONGHORN, LONGHORN_YAML.getBytes(StandardCharsets.UTF_8));
        put(root, ROOK, chart(Map.of(
                "rook-ceph/Chart.yaml", "apiVersion: v2\nname: rook-ceph\nversion: v1.17.1\nappVersion: v1.17.1\n",
                "rook-ceph/values.yaml", ROOK_VALUES,
                "rook-ceph/templates/deployment.yaml", ROOK_DEPLOYMENT)));
        put(root, ROOK_CLUSTER, chart(Map.of(
                "rook-ceph-cluster/Chart.yaml", "apiVersion: v2\nname: rook-ceph-cluster\nversion: v1.17.1\n",
                "rook-ceph-cluster/values.yaml", """
                        toolbox:
                          enabled: false
                          image: quay.io/ceph/ceph:v19.2.2
                        cephClusterSpec:
                          cephVersion:
                            # The container image used to launch the Ceph daemon pods
                            image: quay.io/ceph/ceph:v19.2.2
                            allowUnsupported: false
                          dataDirHostPath: /var/lib/rook
                        """)));
        put(root, NODELOCALDNS, NODELOCALDNS_YAML.getBytes(StandardCharsets.UTF_8));
    }

    private static void put(Path root, String upstream, byte[] content) throws IOException {
        Path p = root.resolve(upstream);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
    }

    static byte[] ciliumChart() throws IOException {
        return chart(Map.of(
                "cilium/Chart.yaml", "apiVersion: v2\nname: cilium\nversion: 1.16.9\nappVersion: 1.16.9\n",
                "cilium/values.yaml", CILIUM_VALUES,
                "cilium/templates/cilium-agent/daemonset.yaml", """
                        {{- if .Values.agent }}
                        apiVersion: apps/v1
                        kind: DaemonSet
                        spec:
                          template:
                            spec:
                              containers:
                              - name: cilium-agent
                                image: {{ include "cilium.image" .Values.image | quote }}
                              initContainers:
                              - name: config
                                image: {{ include "cilium.image" .Values.image | quote }}
                        {{- end }}
                        """,
                "cilium/templates/hubble/connectivity-probe.yaml", """
                        {{- if .Values.hubble.probe }}
                        apiVersion: v1
                        kind: Pod
                        spec:
                          containers:
                            - image: "quay.io/cilium/alpine-curl:v1.10.0"
                              name: probe
                        {{- end }}
                        """));
    }

    /** A .tgz as {@code helm package} writes it: one directory per chart, files in it. */
    static byte[] chart(Map<String, Object> files) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream gz = new GzipCompressorOutputStream(bytes); TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            for (Map.Entry<String, Object> f : new java.util.TreeMap<>(files).entrySet()) {
                byte[] content = f.getValue() instanceof byte[] b ? b : f.getValue().toString().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(content.length);
                tar.putArchiveEntry(e);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static final String CILIUM_VALUES = """
            # -- Agent container image.
            image:
              override: ~
              repository: "quay.io/cilium/cilium"
              tag: "v1.16.9"
              pullPolicy: "IfNotPresent"
              # cilium-digest
              digest: "%s"
              useDigest: true
            envoy:
              enabled: ~
              image:
                override: ~
                repository: "quay.io/cilium/cilium-envoy"
                tag: "v1.31.5-1741765102-efed3defcc70ab5b263a0fc44c93d316b846a211"
                pullPolicy: "IfNotPresent"
                digest: "%s"
                useDigest: true
            hubble:
              enabled: true
              relay:
                enabled: false
                image:
                  override: ~
                  repository: "quay.io/cilium/hubble-relay"
                  tag: "v1.16.9"
                  digest: "%s"
                  useDigest: true
                  pullPolicy: "IfNotPresent"
              ui:
                enabled: false
                backend:
                  image:
                    override: ~
                    repository: "quay.io/cilium/hubble-ui-backend"
                    tag: "v0.13.2"
                    digest: "%s"
                    useDigest: true
                    pullPolicy: "IfNotPresent"
                frontend:
                  image:
                    override: ~
                    repository: "quay.io/cilium/hubble-ui"
                    tag: "v0.13.2"
                    digest: "%s"
                    useDigest: true
                    pullPolicy: "IfNotPresent"
            certgen:
              image:
                override: ~
                repository: "quay.io/cilium/certgen"
                tag: "v0.2.1"
                digest: "%s"
                useDigest: true
                pullPolicy: "IfNotPresent"
            operator:
              enabled: true
              image:
                override: ~
                repository: "quay.io/cilium/operator"
                tag: "v1.16.9"
                # operator-generic-digest
                genericDigest: "%s"
                # operator-azure-digest
                azureDigest: "%s"
                # operator-aws-digest
                awsDigest: "%s"
                # operator-alibabacloud-digest
                alibabacloudDigest: "%s"
                useDigest: true
                pullPolicy: "IfNotPresent"
                suffix: ""
            nodeinit:
              enabled: false
              image:
                override: ~
                repository: "quay.io/cilium/startup-script"
                tag: "c54c7edeab7fde4da68e59acd319ab24af242c3f"
                digest: "%s"
                useDigest: true
                pullPolicy: "IfNotPresent"
            preflight:
              enabled: false
              image:
                override: ~
                repository: "quay.io/cilium/cilium"
                tag: "v1.16.9"
                digest: "%s"
                useDigest: true
                pullPolicy: "IfNotPresent"
            clustermesh:
              apiserver:
                image:
                  override: ~
                  repository: "quay.io/cilium/clustermesh-apiserver"
                  tag: "v1.16.9"
                  digest: "%s"
                  useDigest: true
                  pullPolicy: "IfNotPresent"
            authentication:
              mutual:
                spire:
                  install:
                    initImage:
                      override: ~
                      repository: "docker.io/library/busybox"
                      tag: "1.36.1"
                      digest: "%s"
                      useDigest: true
                      pullPolicy: "IfNotPresent"
                    agent:
                      image:
                        override: ~
                        repository: "ghcr.io/spiffe/spire-agent"
                        tag: "1.9.6"
                        digest: "%s"
                        useDigest: true
                        pullPolicy: "IfNotPresent"
            """.formatted(CILIUM_DIGEST, digest("envoy"), digest("relay"), digest("ui-backend"), digest("ui"),
            digest("certgen"), digest("operator-generic"), digest("operator-azure"), digest("operator-aws"),
            digest("operator-alibabacloud"), digest("startup"), CILIUM_DIGEST, digest("clustermesh"),
            digest("busybox"), digest("spire-agent"));

    private static final String ROOK_VALUES = """
            image:
              # -- Image
              repository: docker.io/rook/ceph
              # -- Image tag
              # @default -- `master`
              tag: v1.17.1
              pullPolicy: IfNotPresent
            csi:
              enableRbdDriver: true
              cephcsi:
                # -- Ceph CSI image repository
                repository: quay.io/cephcsi/cephcsi
                # -- Ceph CSI image tag
                tag: v3.14.0
              registrar:
                repository: registry.k8s.io/sig-storage/csi-node-driver-registrar
                tag: v2.13.0
              provisioner:
                repository: registry.k8s.io/sig-storage/csi-provisioner
                tag: v5.1.0
              snapshotter:
                repository: registry.k8s.io/sig-storage/csi-snapshotter
                tag: v8.2.0
              attacher:
                repository: registry.k8s.io/sig-storage/csi-attacher
                tag: v4.8.0
              resizer:
                repository: registry.k8s.io/sig-storage/csi-resizer
                tag: v1.13.1
              imagePullPolicy: IfNotPresent
              csiAddons:
                enabled: false
                repository: quay.io/csiaddons/k8s-sidecar
                tag: v0.12.0
            """;

    private static final String ROOK_DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: rook-ceph-operator
            spec:
              template:
                spec:
                  containers:
                  - name: rook-ceph-operator
                    image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
                    args: ["ceph", "operator"]
            """;

    private static final String LONGHORN_YAML = """
            ---
            # Source: longhorn/templates/crds.yaml
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            metadata:
              name: engineimages.longhorn.io
            spec:
              versions:
              - name: v1beta2
                schema:
                  openAPIV3Schema:
                    properties:
                      spec:
                        properties:
                          image:
                            minLength: 1
                            type: string
                        type: object
            ---
            # Source: longhorn/templates/daemonset-sa.yaml
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: longhorn-manager
              namespace: longhorn-system
            spec:
              template:
                spec:
                  containers:
                  - name: longhorn-manager
                    image: longhornio/longhorn-manager:v1.8.1
                    imagePullPolicy: IfNotPresent
                    command:
                    - longhorn-manager
                    - -d
                    - daemon
                    - --engine-image
                    - "longhornio/longhorn-engine:v1.8.1"
                    - --instance-manager-image
                    - "longhornio/longhorn-instance-manager:v1.8.1"
                    - --share-manager-image
                    - "longhornio/longhorn-share-manager:v1.8.1"
                    - --backing-image-manager-image
                    - "longhornio/backing-image-manager:v1.8.1"
                    - --support-bundle-manager-image
                    - "longhornio/support-bundle-kit:v0.0.52"
                    - --manager-image
                    - "longhornio/longhorn-manager:v1.8.1"
                    - --service-account
                    - longhorn-service-account
                    env:
                    - name: POD_NAME
                      valueFrom:
                        fieldRef:
                          fieldPath: metadata.name
                  - name: pre-pull-share-manager-image
                    imagePullPolicy: IfNotPresent
                    image: longhornio/longhorn-share-manager:v1.8.1
                    command: ["sh", "-c", "echo share-manager image pulled && sleep infinity"]
            ---
            # Source: longhorn/templates/deployment-driver.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: longhorn-driver-deployer
              namespace: longhorn-system
            spec:
              template:
                spec:
                  initContainers:
                    - name: wait-longhorn-manager
                      image: longhornio/longhorn-manager:v1.8.1
                      command: ['sh', '-c', 'while [ $(curl -m 1 -s -o /dev/null -w "%{http_code}" http://longhorn-backend:9500/v1) != "200" ]; do echo waiting; sleep 2; done']
                  containers:
                    - name: longhorn-driver-deployer
                      image: longhornio/longhorn-manager:v1.8.1
                      command:
                      - longhorn-manager
                      - -d
                      - deploy-driver
                      - --manager-image
                      - "longhornio/longhorn-manager:v1.8.1"
                      - --manager-url
                      - http://longhorn-backend:9500/v1
                      env:
                      - name: CSI_ATTACHER_IMAGE
                        value: "longhornio/csi-attacher:v4.8.1"
                      - name: CSI_PROVISIONER_IMAGE
                        value: "longhornio/csi-provisioner:v5.2.0"
                      - name: CSI_NODE_DRIVER_REGISTRAR_IMAGE
                        value: "longhornio/csi-node-driver-registrar:v2.13.0"
                      - name: CSI_RESIZER_IMAGE
                        value: "longhornio/csi-resizer:v1.13.2"
                      - name: CSI_SNAPSHOTTER_IMAGE
                        value: "longhornio/csi-snapshotter:v8.2.0"
                      - name: CSI_LIVENESS_PROBE_IMAGE
                        value: "longhornio/livenessprobe:v2.15.0"
            ---
            # Source: longhorn/templates/deployment-ui.yaml
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: longhorn-ui
              namespace: longhorn-system
            spec:
              template:
                spec:
                  containers:
                  - name: longhorn-ui
                    image: longhornio/longhorn-ui:v1.8.1
                    env:
                      - name: LONGHORN_MANAGER_IP
                        value: "http://longhorn-backend:9500"
            ---
            # Source: longhorn/templates/validate-psp-install.yaml
            #
            """;

    private static final String NODELOCALDNS_YAML = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: node-local-dns
              namespace: kube-system
            data:
              Corefile: |
                __PILLAR__DNS__DOMAIN__:53 {
                    errors
                    bind __PILLAR__LOCAL__DNS__ __PILLAR__DNS__SERVER__
                    forward . __PILLAR__CLUSTER__DNS__ {
                            force_tcp
                    }
                    }
            ---
            apiVersion: apps/v1
            kind: DaemonSet
            metadata:
              name: node-local-dns
              namespace: kube-system
            spec:
              template:
                spec:
                  containers:
                  - name: node-cache
                    image: registry.k8s.io/dns/k8s-dns-node-cache:1.24.0
                    args: [ "-localip", "__PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__", "-conf", "/etc/Corefile", "-upstreamsvc", "kube-dns-upstream" ]
                    livenessProbe:
                      httpGet:
                        host: __PILLAR__LOCAL__DNS__
                        path: /health
                        port: 8080
            """;
}
