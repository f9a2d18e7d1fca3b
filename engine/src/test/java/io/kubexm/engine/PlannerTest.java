package io.kubexm.engine;

import static io.kubexm.engine.Plans.hosts;
import static io.kubexm.engine.Plans.module;
import static io.kubexm.engine.Plans.plan;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PlannerTest {
    static final Key<String> CA_HASH = Key.of("etcd.ca-hash", String.class);
    static final Key<String> JOIN_TOKEN = Key.of("join-token", String.class);

    /** A step that only declares things, for planning. */
    record Decl(String name, String describe, Set<Key<?>> produces, Set<Key<?>> consumes, Duration timeout, Retry retry)
            implements Step {
        Decl(String name) {
            this(name, "", Set.of(), Set.of(), Duration.ofMinutes(10), Retry.NONE);
        }

        Decl produce(Key<?>... keys) {
            return new Decl(name, describe, Set.of(keys), consumes, timeout, retry);
        }

        Decl consume(Key<?>... keys) {
            return new Decl(name, describe, produces, Set.of(keys), timeout, retry);
        }

        @Override
        public boolean check(StepContext ctx) {
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }
    }

    record Undoable(String name) implements Reversible {
        @Override
        public boolean check(StepContext ctx) {
            return true;
        }

        @Override
        public void apply(StepContext ctx) {
        }

        @Override
        public void rollback(StepContext ctx) {
        }

        @Override
        public String describe() {
            return "/etc/systemd/system/etcd.service";
        }

        @Override
        public Retry retry() {
            return Retry.times(3, Duration.ofSeconds(2));
        }
    }

    static Plan clusterPlan() {
        List<Host> all = List.of(Host.of("node1").with("address", "10.0.0.1").with("roles", "etcd,master"),
                Host.of("node2").with("address", "10.0.0.2").with("roles", "etcd,worker"),
                Host.of("node3").with("address", "10.0.0.3").with("roles", "etcd,worker"));
        List<Host> first = all.subList(0, 1);
        List<Host> workers = all.subList(1, 3);
        return plan("create-cluster",
                module("preflight", Task.of("checks", all, new Decl("os-release"), new Decl("ports"))),
                module("etcd",
                        Task.of("certs", List.of(Host.controlNode()),
                                new Decl("etcd-ca", "build/pki/etcd/ca.crt", Set.of(CA_HASH), Set.of(),
                                        Duration.ofSeconds(30), Retry.NONE)),
                        Task.perHost("install", all, h -> List.of(
                                new Decl("render-unit", "member-" + h.name(), Set.of(), Set.of(CA_HASH),
                                        Duration.ofSeconds(90), Retry.NONE),
                                new Undoable("start"))).after("certs")),
                module("control-plane", Task.of("init", first, new Decl("kubeadm-init").produce(JOIN_TOKEN))),
                module("workers", Task.of("join", workers, new Decl("kubeadm-join").consume(JOIN_TOKEN))));
    }

    @Test
    void edgesFollowSequenceTasksAndKeys() {
        Plan p = clusterPlan();
        assertThat(p.node("preflight/checks/ports@node2").orElseThrow().after())
                .containsExactly("preflight/checks/os-release@node2");
        // the first step of install waits for the task it is ordered after, and for the key's producer
        assertThat(p.node("etcd/install/render-unit@node3").orElseThrow().after())
                .containsExactly("etcd/certs/etcd-ca@control-node");
        assertThat(p.node("etcd/install/start@node3").orElseThrow().after())
                .containsExactly("etcd/install/render-unit@node3");
        // a key from an earlier module needs no edge: modules run in order
        assertThat(p.node("workers/join/kubeadm-join@node2").orElseThrow().after()).isEmpty();
        assertThat(p.hosts()).extracting(Host::name).containsExactly("node1", "node2", "node3", "control-node");
        assertThat(p.nodes()).hasSize(6 + 1 + 6 + 1 + 2);
    }

    @Test
    void textAndJsonRenderingsMatchTheirSnapshots() throws IOException {
        assertThat(PlanRenderer.text(clusterPlan())).isEqualTo(resource("plan-create-cluster.txt"));
        assertThat(PlanRenderer.json(clusterPlan())).isEqualTo(resource("plan-create-cluster.json"));
        assertThat(PlanRenderer.Format.valueOf("JSON").render(clusterPlan())).isEqualTo(resource("plan-create-cluster.json"));
    }

    @Test
    void aConsumerWithoutProducerIsRefused() {
        assertThatThrownBy(() -> plan("p", module("workers",
                Task.of("join", hosts("node2"), new Decl("kubeadm-join").consume(JOIN_TOKEN)))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("step 'workers/join/kubeadm-join@node2' consumes key 'join-token' but no step of "
                        + "pipeline 'p' produces it");
    }

    @Test
    void aProducerInALaterModuleIsRefused() {
        assertThatThrownBy(() -> plan("p",
                module("workers", Task.of("join", hosts("node2"), new Decl("kubeadm-join").consume(JOIN_TOKEN))),
                module("control-plane", Task.of("init", hosts("node1"), new Decl("kubeadm-init").produce(JOIN_TOKEN)))))
                .isInstanceOf(PlanException.class)
                .hasMessageContaining("which only 'control-plane/init/kubeadm-init@node1' of a later module produces");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        PlanException e = org.junit.jupiter.api.Assertions.assertThrows(PlanException.class, () -> plan("p",
                module("m",
                        Task.of("a", hosts("n1", "n2"), new Decl("x").produce(JOIN_TOKEN)),
                        Task.of("b", hosts("n1"), new Decl("y"), new Decl("y")).after("nope"),
                        Task.of("c", hosts("n1"), new Decl("z").consume(CA_HASH)))));
        assertThat(e.problems()).containsExactly(
                "task 'm/b' has two steps named 'y' on host 'n1'; step names must be unique within a task",
                "key 'join-token' is produced by both 'm/a/x@n1' and 'm/a/x@n2'; a key has exactly one producer "
                        + "(give per-host values per-host key names)",
                "task 'm/b' is ordered after task 'nope', which module 'm' does not have (it has: a, b, c)",
                "step 'm/c/z@n1' consumes key 'etcd.ca-hash' but no step of pipeline 'p' produces it; add a step that "
                        + "produces it to an earlier task or module");
    }

    @Test
    void aCycleIsRefusedAndNamed() {
        Key<String> k1 = Key.of("k1", String.class);
        Key<String> k2 = Key.of("k2", String.class);
        assertThatThrownBy(() -> plan("p", module("m",
                Task.of("a", hosts("n1"), new Decl("x").produce(k1).consume(k2)),
                Task.of("b", hosts("n1"), new Decl("y").produce(k2)).after("a"))))
                .hasMessageContaining("module 'm' has a cycle (explicit and key edges): ")
                .hasMessageContaining("m/a/x@n1")
                .hasMessageContaining("m/b/y@n1");
    }

    @Test
    void keysOfTheSameNameButAnotherTypeAreRefused() {
        assertThatThrownBy(() -> plan("p", module("m",
                Task.of("a", hosts("n1"), new Decl("x").produce(JOIN_TOKEN)),
                Task.of("b", hosts("n1"), new Decl("y").consume(Key.of("join-token", Integer.class))))))
                .hasMessageContaining("consumes key 'join-token' as java.lang.Integer but 'm/a/x@n1' produces it with another type");
    }

    @Test
    void planningIsPureAndRepeatable() {
        assertThat(PlanRenderer.json(clusterPlan())).isEqualTo(PlanRenderer.json(clusterPlan()));
        assertThat(clusterPlan().keys()).containsOnlyKeys("etcd.ca-hash", "join-token");
        assertThat(clusterPlan().producers()).extractingFromEntries(e -> e.getValue().id())
                .containsExactly("etcd/certs/etcd-ca@control-node", "control-plane/init/kubeadm-init@node1");
        assertThat(Map.copyOf(clusterPlan().producers())).hasSize(2);
    }

    static String resource(String name) throws IOException {
        try (InputStream in = PlannerTest.class.getResourceAsStream("/" + name)) {
            assertThat(in).as("snapshot " + name + "").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
