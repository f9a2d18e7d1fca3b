package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code kubexm plan}: the create-cluster plan of a topology, for people and for tools, touching no host. */
class PlanCommandTest {
    private static final Path ROW9 = Path.of("../examples/topologies/09-kubexm-kubexm-multi-internal-haproxy.yaml");

    @Test
    void jsonPlanListsTheModulesInOrderWithEveryHost() throws Exception {
        CliRun r = CliRun.of("plan", "-f", ROW9.toString(), "--output", "json");
        assertThat(r.exit()).as(r.err()).isZero();
        JsonNode plan = new ObjectMapper().readTree(r.out());
        assertThat(plan.get("pipeline").asText()).isEqualTo("create-cluster");
        List<String> modules = new ArrayList<>();
        plan.get("modules").forEach(m -> modules.add(m.get("name").asText()));
        assertThat(modules).containsExactly("download", "build", "preflight", "node-prep", "distribute", "etcd");
        List<String> hosts = new ArrayList<>();
        plan.get("hosts").forEach(h -> hosts.add(h.get("name").asText()));
        assertThat(hosts).contains("control-node");
    }

    @Test
    void modulesWithNothingToDoAreLeftOutAndNotCounted() {
        CliRun r = CliRun.of("plan", "-f", "../examples/topologies/01-kubeadm-kubeadm-single-nolb.yaml");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("pipeline create-cluster: 4 modules, 5 tasks,")
                .contains("1. module download", "fetch-missing  what the run takes from bundle build/packages: nothing;",
                        "4. module node-prep")
                .doesNotContain("module distribute", "module etcd");
        List<String> lines = r.out().lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).matches("\\d+\\. module .*")) {
                assertThat(lines.get(i + 1)).as(lines.get(i)).startsWith("   task ");
            }
        }
    }

    @Test
    void textPlanOfDeleteRevertsInReverseOrder() {
        CliRun r = CliRun.of("plan", "-f", ROW9.toString(), "--pipeline", "delete-cluster");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("pipeline delete-cluster:");
        assertThat(r.out().indexOf("module undo-etcd")).isLessThan(r.out().indexOf("module undo-distribute"));
        assertThat(r.out().indexOf("module undo-distribute")).isLessThan(r.out().indexOf("module undo-node-prep"));
        assertThat(r.out()).contains("revert-start-etcd", "revert-mark-node");
    }

    @Test
    void anInvalidConfigIsRefusedWithExitTwo() {
        CliRun r = CliRun.of("plan", "-f", "../examples/does-not-exist.yaml");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("no such file");
    }
}
