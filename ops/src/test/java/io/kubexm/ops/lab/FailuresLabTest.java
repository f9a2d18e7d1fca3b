package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.engine.RunResult;
import io.kubexm.engine.StepResult;
import io.kubexm.engine.StepStatus;
import io.kubexm.ops.Pipelines;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** What goes wrong on real nodes: preflight failures provoked in the containers, and an etcd that cannot start. */
@Tag("lab")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailuresLabTest {
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static final String HOLD_2379 = "systemd-run --unit=kx-hold-2379 nc -lk 2379 && sleep 1";
    private static final String RELEASE_2379 = "systemctl stop kx-hold-2379";
    private static LabCluster cluster;

    @BeforeAll
    static void boot() throws Exception {
        cluster = LabCluster.boot("opsfail", 3);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void everyPreflightFailureIsReportedTogetherBeforeAnyChange() throws Exception {
        try {
        cluster.sh("node1", HOLD_2379);
        cluster.sh("node2", "useradd -m deploy && install -d -o deploy -m 0700 ~deploy/.ssh"
                + " && install -o deploy -m 0600 /root/.ssh/authorized_keys ~deploy/.ssh/");
        cluster.sh("node3", "hostname BadHost3 && mkdir /etc/kubernetes"
                + " && sed 's/^ID=debian/ID=plan9/' /usr/lib/os-release > /etc/os-release.kx && mv /etc/os-release /etc/os-release.orig"
                + " && mv /etc/os-release.kx /etc/os-release");
        String node2 = cluster.node("node2").address();
        cluster.editConfig(yaml -> yaml.replace("address: " + node2 + "\n      internalAddress: " + node2 + "\n      port: 22\n      user: root",
                "address: " + node2 + "\n      internalAddress: " + node2 + "\n      port: 22\n      user: deploy"));
            RunResult r = cluster.run(Pipelines.createCluster());
            assertThat(r.succeeded()).isFalse();
            StepResult verdict = r.failures().stream().filter(s -> s.step().equals("verdict")).findFirst().orElseThrow();
            assertThat(verdict.module()).isEqualTo("preflight");
            assertThat(verdict.error()).contains(
                    "node1  ports: port 2379 is held by nc (pid ", "free for etcd",
                    "node2  sudo: ", "deploy has sudo rights",
                    "node3  hostname: hostname 'BadHost3' is not DNS-compliant", "hostnamectl set-hostname node3",
                    "node3  leftovers: leftover Kubernetes: /etc/kubernetes",
                    "node3  os: OS plan9 12", "--skip-preflight");
            assertThat(r.steps()).filteredOn(s -> s.module().equals("node-prep")).allMatch(s -> s.status() == StepStatus.NOT_RUN);
            for (String n : NODES) {
                assertThat(cluster.sh(n, "[ -e /var/lib/kubexm ] && echo changed || echo untouched")).isEqualTo("untouched\n");
            }
        } finally {
            cluster.sh("node1", RELEASE_2379 + " || true");
            cluster.sh("node3", "hostname node3; rmdir /etc/kubernetes; [ ! -e /etc/os-release.orig ] || mv /etc/os-release.orig /etc/os-release");
            cluster.editConfig(yaml -> yaml);
        }
    }

    @Test
    @Order(2)
    void anEtcdThatCannotStartFailsWithItsJournalAndTheTaskIsRolledBack() throws Exception {
        try {
            cluster.sh("node3", HOLD_2379);
            RunResult r = cluster.run(Pipelines.createCluster(), Set.of("ports"), Optional.empty());
            assertThat(r.succeeded()).as(r.summary()).isFalse();
            // The failed step was applied too (its start was attempted), so the task's rollback covers it.
            StepResult start = r.steps().stream().filter(s -> !s.error().isEmpty()).findFirst()
                    .orElseThrow(() -> new AssertionError("no step with an error:\n" + r.summary()));
            assertThat(start.host()).isEqualTo("node3");
            assertThat(start.step()).isEqualTo("start-etcd");
            assertThat(start.module() + "/" + start.task()).isEqualTo("etcd/install");
            assertThat(start.error()).contains("etcd.service is not active on node node3", "journal", "address already in use");
            assertThat(r.steps()).filteredOn(s -> s.task().equals("install") && s.module().equals("etcd"))
                    .extracting(StepResult::status).contains(StepStatus.ROLLED_BACK).doesNotContain(StepStatus.ROLLBACK_FAILED);
            for (String n : NODES) {
                assertThat(cluster.sh(n, "for f in /usr/local/bin/etcd /etc/etcd.env /etc/systemd/system/etcd.service /etc/ssl/etcd"
                        + " /var/lib/etcd; do [ -e $f ] && echo left: $f; done; systemctl is-active etcd || true"))
                        .as("what the etcd task wrote on %s is gone", n).isEqualTo("inactive\n");
            }
        } finally {
            cluster.sh("node3", RELEASE_2379 + " || true");
        }
        RunResult delete = cluster.run(Pipelines.deleteCluster());
        assertThat(delete.succeeded()).as(delete.summary()).isTrue();
    }
}
