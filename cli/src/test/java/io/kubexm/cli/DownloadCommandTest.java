package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void listPrintsTheBillOfMaterialsWithMirroredUrls() {
        CliRun r = run("download", "--list", "--offline", "--os", "debian12", "--arch", "amd64,arm64", "--runtime", "docker",
                "--cni", "flannel", "--set", "etcd=v3.5.22", "--mirror", "http://127.0.0.1:9/m");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("FILES (23)", "IMAGES (", "OS PACKAGES (2 repositories)")
                .containsPattern("etcd +v3.5.22 +arm64 +[0-9a-f]{64} http://127.0.0.1:9/m/github.com/etcd-io/etcd/"
                        + "releases/download/v3.5.22/etcd-v3.5.22-linux-arm64.tar.gz")
                .containsPattern("flannel +- +images: from manifests/flannel/v0.26.7/kube-flannel.yml once fetched \\(not in ")
                .containsPattern("docker +v24.0.9 +amd64 .*/download.docker.com/linux/static/stable/x86_64/docker-24.0.9.tgz");
    }

    @Test
    void invalidChoicesExitWithTwoAndSayWhatIsValid() {
        CliRun r = run("download", "--list", "--runtime", "rkt");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).isEqualTo("kubexm download: --runtime: 'rkt' is not one of containerd | docker | cri-o | isulad\n");
        // the same spellings and hints as cluster.yaml's
        CliRun typo = run("download", "--list", "--cni", "calicoo");
        assertThat(typo.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(typo.err()).isEqualTo("kubexm download: --cni: 'calicoo' is not one of calico | flannel | cilium"
                + " | kube-router; did you mean 'calico'?\n");
        CliRun kernelName = run("download", "--list", "--arch", "amd64,aarch64");
        assertThat(kernelName.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(kernelName.err()).isEqualTo("kubexm download: --arch: 'aarch64' is not one of amd64 | arm64;"
                + " did you mean 'arm64'?\n");
    }

    @Test
    void aClusterConfigDecidesItsOwnChoicesAndSetFillsTheRest(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path yaml = dir.resolve("cluster.yaml");
        java.nio.file.Files.writeString(yaml, """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata: {name: demo}
                spec:
                  hosts:
                    - {name: node1, address: 10.0.0.11, password: x, arch: arm64}
                  roleGroups: {master: [node1], worker: [node1]}
                  etcd: {version: v3.5.22}
                """);
        CliRun refused = run("download", "--list", "-f", yaml.toString(), "--runtime", "docker", "--k8s", "v1.31.0");
        assertThat(refused.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(refused.err()).contains("the config decides --k8s, --runtime");

        CliRun listed = run("download", "--list", "--offline", "-f", yaml.toString(), "--set", "crictl=v1.31.1,etcd=v3.4.0");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).containsPattern("etcd +v3.5.22 +arm64").containsPattern("crictl +v1.31.1 +arm64")
                .doesNotContainPattern(" amd64 ");
    }

    /**
     * --list fetches the pinned manifests and charts (here from Debian's nginx on loopback serving upstream-shaped
     * ones) to list the images they name; --offline, or a mirror that is not there, leaves a marker instead.
     */
    @Test
    void listReadsTheImagesOfTheManifestsItFetches(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path root = dir.resolve("mirror");
        io.kubexm.artifacts.ManifestFixture.write(root);
        java.nio.file.Path packages = dir.resolve("packages");
        String[] list = {"download", "--list", "--cni", "cilium", "--storage", "rook-ceph,longhorn", "--lb", "kube-vip",
                "--output", packages.toString()};

        CliRun offline = run(append(list, "--offline"));
        assertThat(offline.exit()).isZero();
        assertThat(offline.out()).contains("IMAGES (8, and those of 5 manifests not fetched)")
                .containsPattern("cilium +- +images: from manifests/cilium/v1.16.9/cilium-1.16.9.tgz once fetched \\(not in ")
                .doesNotContain("quay.io/cilium/cilium:");
        assertThat(packages).doesNotExist();

        try (io.kubexm.artifacts.NginxMirror mirror = io.kubexm.artifacts.NginxMirror.serve(root, dir.resolve("nginx"))) {
            CliRun listed = run(append(list, "--mirror", mirror.base()));
            assertThat(listed.exit()).as(listed.toString()).isZero();
            assertThat(listed.out()).doesNotContain("once fetched")
                    .containsPattern("cilium +amd64 +quay.io/cilium/operator-generic:v1.16.9@sha256:[0-9a-f]{64}  from "
                            + "manifests/cilium/v1.16.9/cilium-1.16.9.tgz")
                    .containsPattern("rook-cluster +amd64 +quay.io/ceph/ceph:v19.2.2  from manifests/rook-cluster/v1.17.1/"
                            + "rook-ceph-cluster-v1.17.1.tgz")
                    .containsPattern("longhorn +amd64 +docker.io/longhornio/csi-attacher:v4.8.1  from manifests/longhorn/")
                    .contains("1 templated image references in manifests/rook/v1.17.1/rook-ceph-v1.17.1.tgz skipped");
            for (java.util.List<String> images : io.kubexm.artifacts.ManifestFixture.IMAGES.values()) {
                assertThat(listed.out()).contains(images);
            }
            assertThat(packages.resolve("manifests/longhorn/v1.8.1/longhorn.yaml")).exists();
        }

        // The manifests are in the bundle now: China's zone lists them with the registry mirrors, fetching nothing.
        CliRun china = run(append(list, "--zone", "cn", "--mirror", "http://127.0.0.1:9/nothing-here"));
        assertThat(china.exit()).isZero();
        assertThat(china.err()).isEmpty();
        assertThat(china.out()).contains("docker.io/rook/ceph:v1.17.1  from manifests/rook/v1.17.1/rook-ceph-v1.17.1.tgz"
                        + "  via docker.m.daocloud.io/rook/ceph:v1.17.1",
                "crictl-v1.32.0-linux-amd64.tar.gz.sha256 at github.com")
                // etcd comes from KubeKey's qingstor copy, which has no SHA256SUMS; nerdctl from the path-keeping mirror
                .containsPattern("etcd +v3.5.21 +amd64 +SHA256SUMS at github.com +http://127.0.0.1:9/nothing-here/kubernetes-release.pek3b.qingstor.com/")
                .containsPattern("nerdctl +v2.0.4 +amd64 +SHA256SUMS at files.m.daocloud.io +http://127.0.0.1:9/nothing-here/"
                        + "files.m.daocloud.io/github.com/containerd/nerdctl/");

        // Nothing to fetch from: each failure is said, and the images of those manifests stay marked.
        CliRun unreachable = run("download", "--list", "--cni", "calico", "--storage", "", "--no-nodelocaldns",
                "--output", dir.resolve("other").toString(), "--mirror", "http://127.0.0.1:9/m");
        assertThat(unreachable.exit()).isZero();
        assertThat(unreachable.err()).contains("kubexm download --list: gave up on calico v3.27.4 - ");
        assertThat(unreachable.out()).containsPattern("calico +- +images: from manifests/calico/v3.27.4/calico.yaml once fetched");
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }
}
