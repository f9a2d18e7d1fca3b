package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.engine.RunResult;
import io.kubexm.ops.Pipelines;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** etcd of type kubexm with 5 members and with 1, on the same 5 lab nodes (deleted in between). */
@Tag("lab")
class EtcdMembersLabTest {
    private static LabCluster cluster;

    @BeforeAll
    static void boot() throws Exception {
        cluster = LabCluster.boot("opsetcd", 5);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiveMembersThenOne() throws Exception {
        for (int members : List.of(5, 1)) {
            String etcd = IntStream.rangeClosed(1, members).mapToObj(i -> "      - node" + i + "\n").collect(Collectors.joining());
            cluster.editConfig(yaml -> yaml.replaceFirst("    etcd:\n(      - node\\d+\n)+", "    etcd:\n" + etcd));
            RunResult create = cluster.run(Pipelines.createCluster());
            assertThat(create.succeeded()).as(create.summary()).isTrue();
            String list = cluster.sh("node1", "ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints=https://"
                    + cluster.node("node1").address() + ":2379 --cacert=/etc/ssl/etcd/ssl/ca.pem"
                    + " --cert=/etc/ssl/etcd/ssl/admin-node1.pem --key=/etc/ssl/etcd/ssl/admin-node1-key.pem endpoint health --cluster 2>&1");
            assertThat(list.lines().filter(l -> l.contains("is healthy"))).as(list).hasSize(members);
            if (members < 5) {
                assertThat(cluster.sh("node5", "[ -e /usr/local/bin/etcd ] && echo etcd || echo none")).isEqualTo("none\n");
            }
            RunResult delete = cluster.run(Pipelines.deleteCluster());
            assertThat(delete.succeeded()).as(delete.summary()).isTrue();
        }
    }
}
