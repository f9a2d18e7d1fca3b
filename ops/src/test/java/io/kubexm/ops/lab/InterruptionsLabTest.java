package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.engine.Event;
import io.kubexm.engine.RunResult;
import io.kubexm.engine.StepResult;
import io.kubexm.engine.StepStatus;
import io.kubexm.lab.Fault;
import io.kubexm.ops.Pipelines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** kubexm killed mid-run and resumed; a node's link going down mid-run. */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class InterruptionsLabTest {
    private static LabCluster cluster;

    @BeforeAll
    static void boot() throws Exception {
        cluster = LabCluster.boot("opsint", 3);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void killedDuringTheEtcdModuleAndResumedWithoutRepeatingCompletedSteps() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), CreateClusterMain.class.getName(),
                cluster.configFile().toString(), cluster.work.resolve("build").toString()).redirectErrorStream(true).start();
        List<String> seen = new ArrayList<>();
        String completedInEtcd = null;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()))) {
            for (String line; (line = out.readLine()) != null; ) {
                seen.add(line);
                if (line.contains("etcd/install") && line.contains(": changed")) {
                    completedInEtcd = line;
                    child.destroyForcibly(); // SIGKILL
                    break;
                }
            }
        }
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(completedInEtcd).as("the child reached the etcd module:\n%s", String.join("\n", seen)).isNotNull();
        assertThat(child.exitValue()).isEqualTo(137);
        // "HH:MM:SS node3          etcd/install  install-etcd-binaries: changed (123 ms)"
        String[] f = completedInEtcd.trim().split("\\s+");
        String host = f[1];
        String step = f[3].replace(":", "");

        RunResult resumed = cluster.run(Pipelines.createCluster(), Set.of(), Optional.of("latest"));
        assertThat(resumed.succeeded()).as(resumed.summary()).isTrue();
        assertThat(resumed.attempt()).isEqualTo(2);
        assertThat(resumed.steps()).filteredOn(s -> s.module().equals("node-prep") || s.module().equals("distribute"))
                .isNotEmpty().allMatch(s -> s.status() == StepStatus.SKIPPED, "completed before the kill, skipped");
        assertThat(resumed.steps()).filteredOn(s -> s.host().equals(host) && s.step().equals(step))
                .singleElement().extracting(StepResult::status).isEqualTo(StepStatus.SKIPPED);
        assertThat(resumed.steps()).filteredOn(s -> s.step().equals("start-etcd")).allMatch(s -> s.status() == StepStatus.CHANGED
                || s.status() == StepStatus.UNCHANGED);
        String members = cluster.sh("node1", "ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints=https://"
                + cluster.node("node1").address() + ":2379 --cacert=/etc/ssl/etcd/ssl/ca.pem"
                + " --cert=/etc/ssl/etcd/ssl/admin-node1.pem --key=/etc/ssl/etcd/ssl/admin-node1-key.pem member list");
        assertThat(members.lines()).hasSize(3).allMatch(l -> l.contains(", started, "));
    }

    @Test
    @Order(2)
    void aNodeWhoseLinkGoesDownIsNamedWithItsStep() throws Exception {
        assertThat(cluster.run(Pipelines.deleteCluster()).succeeded()).isTrue();
        cluster.events.clear();
        CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(() -> {
            try {
                return cluster.run(Pipelines.createCluster());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (cluster.events.stream().noneMatch(e -> e.module().equals("node-prep") && e.step().equals("sysctl")
                && e.node().equals("node3")) && System.nanoTime() < deadline && !run.isDone()) {
            Thread.sleep(100);
        }
        cluster.manager.fault(cluster.lab.name(), "node3", new Fault.LinkDown());
        RunResult r;
        try {
            r = run.get(10, TimeUnit.MINUTES);
        } finally {
            cluster.manager.fault(cluster.lab.name(), "node3", new Fault.LinkUp());
        }
        assertThat(r.succeeded()).isFalse();
        StepResult failed = r.steps().stream().filter(s -> s.host().equals("node3") && !s.error().isEmpty()).findFirst()
                .orElseThrow(() -> new AssertionError(r.summary()));
        assertThat(failed.module()).isEqualTo("node-prep");
        assertThat(failed.error()).contains("node3");
        assertThat(r.summary()).contains("node3  node-prep/prepare/" + failed.step());
        // The steps already running on the other nodes ran to their end; none of them failed.
        assertThat(r.steps()).filteredOn(s -> !s.host().equals("node3")).noneMatch(s -> s.status() == StepStatus.FAILED);
        List<Event> othersFinished = cluster.events.stream().filter(e -> e.module().equals("node-prep")
                && !e.node().equals("node3") && e.step().equals("install-packages") && e.message().startsWith("changed")).toList();
        assertThat(othersFinished).extracting(Event::node).containsExactlyInAnyOrder("node1", "node2");
    }
}
