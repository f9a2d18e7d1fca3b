package io.kubexm.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** examples/topologies: one valid config per deployment matrix row; examples/invalid: broken ones with their exact output. */
class ExamplesTest {
    private static final Path REPO = ClusterConfigsTest.REPO;

    /** MISSION.md's deployment matrix: kubernetes, etcd, masters, load balancer (mode/type, or "disabled"). */
    private static final List<String> MATRIX = List.of(
            "kubeadm kubeadm 1 disabled", "kubexm kubexm 1 disabled", "kubeadm kubexm 1 disabled",
            "kubeadm kubeadm many disabled", "kubexm kubexm many disabled", "kubeadm kubexm many disabled",
            "kubeadm kubeadm many internal/haproxy", "kubeadm kubexm many internal/haproxy",
            "kubexm kubexm many internal/haproxy",
            "kubeadm kubeadm many internal/nginx", "kubeadm kubexm many internal/nginx",
            "kubexm kubexm many internal/nginx",
            "kubeadm kubeadm many kube-vip", "kubeadm kubexm many kube-vip", "kubexm kubexm many kube-vip",
            "kubeadm kubeadm many external/kubexm-kh", "kubeadm kubeadm many external/kubexm-kn",
            "kubeadm kubexm many external/kubexm-kh", "kubeadm kubexm many external/kubexm-kn",
            "kubexm kubexm many external/kubexm-kh", "kubexm kubexm many external/kubexm-kn");

    private static List<Path> files(String dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(REPO.resolve(dir))) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Validation validate(String dir, Path file) throws IOException {
        return ClusterConfigs.validate(dir + "/" + file.getFileName(), Files.readString(file));
    }

    @Test
    void everyMatrixRowHasAValidTopologyWithoutWarnings() throws IOException {
        List<Path> files = files("examples/topologies", ".yaml");
        assertThat(files).hasSize(MATRIX.size());
        for (int row = 1; row <= files.size(); row++) {
            Path file = files.get(row - 1);
            assertThat(file.getFileName().toString()).startsWith(String.format("%02d-", row));
            Validation v = validate("examples/topologies", file);
            assertThat(v.problems()).as(file.toString()).isEmpty();
            Topology t = Topology.of(v.orThrow());
            assertThat(describe(t)).as(file.toString()).isEqualTo(MATRIX.get(row - 1));
        }
    }

    private static String describe(Topology t) {
        ClusterSpec s = t.spec();
        LoadBalancerSpec lb = s.loadbalancer();
        String balancer = !lb.enabled() ? "disabled"
                : lb.mode() == LoadBalancerMode.KUBE_VIP ? "kube-vip" : lb.mode().yaml() + "/" + lb.type().yaml();
        return s.kubernetes().type().yaml() + " " + s.etcd().type().yaml() + " "
                + (t.hosts(Role.MASTER).size() == 1 ? "1" : "many") + " " + balancer;
    }

    @TestFactory
    Stream<DynamicTest> everyInvalidExampleReportsExactlyItsExpectedLines() throws IOException {
        List<Path> files = files("examples/invalid", ".yaml");
        assertThat(files).hasSizeGreaterThanOrEqualTo(40);
        assertThat(files("examples/invalid", ".expected")).hasSameSizeAs(files);
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Validation v = validate("examples/invalid", file);
            String expected = Files.readString(Path.of(file.toString().replaceFirst("\\.yaml$", ".expected")));
            assertThat(v.ok()).as("an invalid example must fail").isFalse();
            assertThat(v.problems().stream().map(Problem::toString).collect(Collectors.joining("\n", "", "\n")))
                    .isEqualTo(expected);
        }));
    }
}
