package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DownloadCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void listPrintsTheBillOfMaterialsWithMirroredUrls() {
        CliRun r = run("download", "--list", "--os", "debian12", "--arch", "amd64,arm64", "--runtime", "docker",
                "--cni", "flannel", "--set", "etcd=v3.5.22", "--mirror", "http://127.0.0.1:9/m");

        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("FILES (22)", "IMAGES (", "OS PACKAGES (2 repositories)")
                .containsPattern("etcd +v3.5.22 +arm64 +[0-9a-f]{64} http://127.0.0.1:9/m/github.com/etcd-io/etcd/"
                        + "releases/download/v3.5.22/etcd-v3.5.22-linux-arm64.tar.gz")
                .contains("ghcr.io/flannel-io/flannel:v0.26.7")
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

        CliRun listed = run("download", "--list", "-f", yaml.toString(), "--set", "crictl=v1.31.1,etcd=v3.4.0");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).containsPattern("etcd +v3.5.22 +arm64").containsPattern("crictl +v1.31.1 +arm64")
                .doesNotContainPattern(" amd64 ");
    }
}
