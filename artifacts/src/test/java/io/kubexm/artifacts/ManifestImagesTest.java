package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ManifestImagesTest {
    private static final ManifestImages CILIUM = new ManifestImages(Map.of("quay.io/cilium/operator", "generic"));
    private static final ManifestImages PLAIN = new ManifestImages(Map.of());

    @Test
    void readsEveryImageOfUpstreamShapedManifestsAndCharts(@TempDir Path root) throws Exception {
        ManifestFixture.write(root);
        for (Map.Entry<String, java.util.List<String>> e : ManifestFixture.IMAGES.entrySet()) {
            ManifestImages reader = e.getKey().equals(ManifestFixture.CILIUM) ? CILIUM : PLAIN;
            assertThat(reader.scan(root.resolve(e.getKey())).images()).as(e.getKey())
                    .containsExactlyInAnyOrderElementsOf(e.getValue());
        }
    }

    @Test
    void templatedReferencesAreSkippedAndReported(@TempDir Path root) throws Exception {
        ManifestFixture.write(root);
        ManifestImages.Scan cilium = CILIUM.scan(root.resolve(ManifestFixture.CILIUM));
        assertThat(cilium.templated()).containsExactly("cilium-1.16.9.tgz!cilium/templates/cilium-agent/daemonset.yaml: "
                + "{{ include \"cilium.image\" .Values.image | quote }}");
        // Without the variant the operator is the all-clouds image values.yaml names, which cilium never runs.
        assertThat(PLAIN.scan(root.resolve(ManifestFixture.CILIUM)).images()).contains("quay.io/cilium/operator:v1.16.9")
                .noneMatch(i -> i.contains("operator-generic"));
        assertThat(PLAIN.scan(root.resolve(ManifestFixture.ROOK)).templated()).containsExactly(
                "rook-ceph-v1.17.1.tgz!rook-ceph/templates/deployment.yaml: \"{{ .Values.image.repository }}:{{ .Values.image.tag }}\"");
    }

    @Test
    void subchartsEmptyTagsAndEmbeddedManifests() throws Exception {
        // openebs-like: the umbrella chart packs its engines as subcharts; an empty tag is the chart's appVersion.
        byte[] sub = ManifestFixture.chart(Map.of(
                "localpv-provisioner/Chart.yaml", "apiVersion: v2\nname: localpv-provisioner\nversion: 4.2.0\nappVersion: 4.2.0\n",
                "localpv-provisioner/values.yaml", """
                        localpv:
                          image:
                            registry: ""
                            repository: openebs/provisioner-localpv
                            tag: ""
                        helperPod:
                          image:
                            registry: docker.io/
                            repository: openebs/linux-utils
                            tag: 4.1.0
                        """));
        byte[] umbrella = ManifestFixture.chart(Map.of(
                "openebs/Chart.yaml", "apiVersion: v2\nname: openebs\nversion: 4.2.0\n",
                "openebs/values.yaml", "engines:\n  local:\n    lvm: {enabled: false}\n",
                "openebs/charts/localpv-provisioner-4.2.0.tgz", sub));
        ManifestImages.Scan s = PLAIN.scanChart(new ByteArrayInputStream(umbrella), "openebs-4.2.0.tgz");
        assertThat(s.images()).containsExactlyInAnyOrder("docker.io/openebs/provisioner-localpv:4.2.0",
                "docker.io/openebs/linux-utils:4.1.0");

        // local-path-like: the helper pod lives in a ConfigMap as text; an image without a tag is :latest.
        String localPath = """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: local-path-provisioner}
                spec:
                  template:
                    spec:
                      containers:
                      - name: local-path-provisioner
                        image: rancher/local-path-provisioner:v0.0.31
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: local-path-config}
                data:
                  config.json: |-
                    {"nodePathMap": [{"node": "DEFAULT_PATH_FOR_NON_LISTED_NODES", "paths": ["/opt/local-path-provisioner"]}]}
                  helperPod.yaml: |-
                    apiVersion: v1
                    kind: Pod
                    metadata:
                      name: helper-pod
                    spec:
                      containers:
                      - name: helper-pod
                        image: busybox
                """;
        assertThat(PLAIN.scanManifest(new ByteArrayInputStream(localPath.getBytes(StandardCharsets.UTF_8)),
                "local-path-storage.yaml").images()).containsExactly("docker.io/rancher/local-path-provisioner:v0.0.31",
                "docker.io/library/busybox:latest");
    }

    /** coredns.yaml.base as Kubernetes keeps it: placeholders where the installer puts values are still YAML. */
    @Test
    void kubernetesDnsAddonWithPlaceholders() throws Exception {
        String base = """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: coredns, namespace: kube-system}
                data:
                  Corefile: |
                    .:53 {
                        kubernetes __DNS__DOMAIN__ in-addr.arpa ip6.arpa {
                            pods insecure
                        }
                        forward . /etc/resolv.conf
                    }
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: coredns, namespace: kube-system}
                spec:
                  template:
                    spec:
                      containers:
                      - name: coredns
                        image: registry.k8s.io/coredns/coredns:v1.11.3
                        resources:
                          limits:
                            memory: __DNS__MEMORY__LIMIT__
                        args: [ "-conf", "/etc/coredns/Corefile" ]
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: kube-dns, namespace: kube-system}
                spec:
                  clusterIP: __DNS__SERVER__
                """;
        ManifestImages.Scan s = PLAIN.scanManifest(new ByteArrayInputStream(base.getBytes(StandardCharsets.UTF_8)),
                "coredns.yaml.base");
        assertThat(s.images()).containsExactly("registry.k8s.io/coredns/coredns:v1.11.3");
        assertThat(s.templated()).isEmpty();
    }

    @Test
    void aManifestThatIsNotYamlSaysWhich(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("calico.yaml");
        Files.writeString(bad, "kind: [unclosed\n");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> PLAIN.scan(bad))
                .hasMessageStartingWith("calico.yaml is not YAML");
    }
}
