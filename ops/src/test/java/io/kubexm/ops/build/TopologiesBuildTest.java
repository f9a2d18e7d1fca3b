package io.kubexm.ops.build;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.ClusterConfig;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.EtcdType;
import io.kubexm.api.Host;
import io.kubexm.api.Role;
import io.kubexm.api.Topology;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every row of the deployment matrix (examples/topologies) builds, and openssl and kubectl accept the result. */
class TopologiesBuildTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();

    @TempDir
    Path project;

    static Stream<Path> topologies() throws IOException {
        try (Stream<Path> files = Files.list(REPO.resolve("examples/topologies"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("topologies")
    void buildsAndEveryNodeReachesTheApiServerWhereTheTopologySays(Path example) throws IOException {
        // P-256 keeps 21 builds quick; the RSA path is the same code with another key generator.
        String yaml = Files.readString(example).replace("\n  kubernetes:\n",
                "\n  kubernetes:\n    certificates: {keyAlgorithm: ecdsa-p256}\n");
        Path conf = Files.createDirectories(project.resolve("conf/x"));
        ClusterConfig config = ClusterConfigs.load(Files.writeString(conf.resolve("cluster.yaml"), yaml));
        Topology t = Topology.of(config);
        String name = config.name();
        new ClusterBuild(Clock.systemUTC()).run(config, conf, project.resolve("build").resolve(name));
        BuildFixture f = new BuildFixture(project);
        Path pki = f.clusterDir(name).resolve("pki");

        List<String> k8sLeaves = new ArrayList<>();
        List<String> etcdLeaves = new ArrayList<>();
        for (Host h : t.hosts()) {
            String hosts = Files.readString(f.file(name, h.name(), "/etc/hosts"));
            assertThat(hosts).as(h.name()).contains(t.apiServerAddressFor(h) + " " + t.controlPlaneEndpoint().domain() + "\n");
            boolean k8sNode = t.has(h, Role.MASTER) || t.has(h, Role.WORKER);
            if (k8sNode) {
                k8sLeaves.add(f.file(name, h.name(), ClusterPki.KUBELET_PKI + "/kubelet.crt").toString());
                assertThat(Tools.run("kubectl", "config", "view", "--kubeconfig",
                        f.file(name, h.name(), "/etc/kubernetes/kubelet.conf").toString(), "-o",
                        "jsonpath={.clusters[0].cluster.server}")).isEqualTo(t.controlPlaneEndpoint().url());
            }
            if (t.has(h, Role.MASTER)) {
                k8sLeaves.add(f.file(name, h.name(), ClusterPki.K8S_PKI + "/apiserver.crt").toString());
                k8sLeaves.add(f.file(name, h.name(), ClusterPki.K8S_PKI + "/apiserver-kubelet-client.crt").toString());
                etcdLeaves.add(f.file(name, h.name(), ClusterPki.K8S_PKI + "/apiserver-etcd-client.crt").toString());
                etcdLeaves.add(f.file(name, h.name(), ClusterPki.ETCD_SSL + "/node-" + h.name() + ".pem").toString());
            }
            if (t.has(h, Role.ETCD)) {
                etcdLeaves.add(f.file(name, h.name(), ClusterPki.ETCD_SSL + "/member-" + h.name() + ".pem").toString());
                etcdLeaves.add(f.file(name, h.name(), ClusterPki.ETCD_SSL + "/admin-" + h.name() + ".pem").toString());
                assertThat(Files.exists(f.file(name, h.name(), NodeConfigs.ETCD_UNIT)))
                        .as("etcd unit on " + h.name()).isEqualTo(t.spec().etcd().type() == EtcdType.KUBEXM);
            }
        }
        assertThat(verify(pki.resolve("ca.crt"), k8sLeaves)).isEqualTo(k8sLeaves.size());
        assertThat(verify(pki.resolve("etcd/ca.pem"), etcdLeaves)).isEqualTo(etcdLeaves.size());
    }

    /** One openssl call for many certificates; the number it found OK. */
    private static long verify(Path ca, List<String> certs) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "verify", "-CAfile", ca.toString()));
        cmd.addAll(certs);
        return Tools.run(cmd.toArray(String[]::new)).lines().filter(l -> l.endsWith(": OK")).count();
    }
}
