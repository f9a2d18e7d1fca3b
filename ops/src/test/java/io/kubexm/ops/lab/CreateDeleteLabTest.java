package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.engine.RunResult;
import io.kubexm.engine.StepStatus;
import io.kubexm.ops.Pipelines;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The happy path on 3 Debian 12 lab nodes: create cluster reaches a healthy 3-member TLS etcd,
 * a second run changes nothing (step statuses and file hashes), `backup` stores a snapshot on the
 * control node, and delete cluster restores every node's files.
 */
@Tag("lab")
class CreateDeleteLabTest {
    /**
     * Files delete cannot restore byte for byte, by design: the system accounts that Debian packages
     * create in their maintainer scripts stay after a purge (Debian policy), and the shadow tools keep
     * a backup copy ('-' suffix) of the account files.
     */
    static final Set<String> DOCUMENTED_EXCEPTIONS = Set.of("/etc/passwd", "/etc/passwd-", "/etc/group", "/etc/group-",
            "/etc/shadow", "/etc/shadow-", "/etc/gshadow", "/etc/gshadow-");
    private static final List<String> NODES = List.of("node1", "node2", "node3");
    private static LabCluster cluster;

    @BeforeAll
    static void boot() throws Exception {
        cluster = LabCluster.boot("opshp", 3);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createIsConvergentAndDeleteRestoresTheNodes() throws Exception {
        Map<String, TreeMap<String, String>> before = hashes();

        RunResult first = cluster.run(Pipelines.createCluster());
        assertThat(first.succeeded()).as(first.summary()).isTrue();
        assertThat(first.count(StepStatus.CHANGED)).isPositive();

        String members = cluster.sh("node2", "ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints=https://"
                + cluster.node("node2").address() + ":2379 --cacert=/etc/ssl/etcd/ssl/ca.pem"
                + " --cert=/etc/ssl/etcd/ssl/admin-node2.pem --key=/etc/ssl/etcd/ssl/admin-node2-key.pem member list");
        assertThat(members.lines()).hasSize(3).allMatch(l -> l.contains(", started, ") && l.contains("https://"));
        assertThat(cluster.sh("node3", "systemctl is-active etcd kubexm-etcd-backup.timer chrony")).isEqualTo("active\nactive\nactive\n");
        assertThat(cluster.sh("node1", "cat /etc/hosts")).contains("# BEGIN kubexm hosts", cluster.node("node3").address() + " node3");
        Map<String, TreeMap<String, String>> converged = hashes();

        RunResult second = cluster.run(Pipelines.createCluster());
        assertThat(second.succeeded()).as(second.summary()).isTrue();
        assertThat(second.steps()).allMatch(s -> s.status() == StepStatus.UNCHANGED, "every step unchanged");
        assertThat(second.summary()).contains("nothing changed");
        assertThat(hashes()).as("no file changed by the second run").isEqualTo(converged);

        RunResult backup = cluster.run(Pipelines.backup());
        assertThat(backup.succeeded()).as(backup.summary()).isTrue();
        Path backups = cluster.work.resolve("build").resolve(cluster.lab.name()).resolve("backups/etcd");
        try (Stream<Path> files = Files.list(backups)) {
            assertThat(files.toList()).singleElement().satisfies(f -> assertThat(Files.size(f)).isPositive());
        }

        RunResult delete = cluster.run(Pipelines.deleteCluster());
        assertThat(delete.succeeded()).as(delete.summary()).isTrue();
        Map<String, TreeMap<String, String>> after = hashes();
        for (String node : NODES) {
            TreeMap<String, String> b = new TreeMap<>(before.get(node));
            TreeMap<String, String> a = new TreeMap<>(after.get(node));
            DOCUMENTED_EXCEPTIONS.forEach(p -> {
                b.remove(p);
                a.remove(p);
            });
            assertThat(a).as("files of %s after delete", node).isEqualTo(b);
            assertThat(cluster.sh(node, "systemctl is-active etcd chrony || true")).isEqualTo("inactive\ninactive\n");
            assertThat(cluster.sh(node, "[ ! -e /var/lib/kubexm ] && [ ! -e /var/lib/etcd ] && echo clean")).isEqualTo("clean\n");
        }
        RunResult deleteAgain = cluster.run(Pipelines.deleteCluster());
        assertThat(deleteAgain.changedNothing()).as(deleteAgain.summary()).isTrue();
    }

    private static Map<String, TreeMap<String, String>> hashes() {
        Map<String, TreeMap<String, String>> all = new TreeMap<>();
        NODES.forEach(n -> all.put(n, cluster.fileHashes(n)));
        return all;
    }
}
