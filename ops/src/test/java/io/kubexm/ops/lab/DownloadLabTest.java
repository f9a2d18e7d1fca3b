package io.kubexm.ops.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.artifacts.Mirror;
import io.kubexm.artifacts.NginxMirror;
import io.kubexm.artifacts.UpstreamFixture;
import io.kubexm.engine.RunResult;
import io.kubexm.engine.StepResult;
import io.kubexm.engine.StepStatus;
import io.kubexm.ops.Pipelines;
import io.kubexm.ops.download.DownloadPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * create cluster on a lab node with a bundle that lacks etcd's archive: the download stage fetches it from a
 * loopback mirror (upstream-shaped, from Debian's etcd, verified by the release's SHA256SUMS), and the run goes
 * on to a healthy etcd. A second run, offline, finds the bundle complete and changes nothing.
 */
@Tag("lab")
class DownloadLabTest {
    private static LabCluster cluster;

    @BeforeAll
    static void boot() throws Exception {
        cluster = LabCluster.boot("opsdl", 1);
    }

    @AfterAll
    static void down() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void createFetchesWhatThePartialBundleLacksFromTheMirrorAndCompletes() throws Exception {
        Path packages = cluster.work.resolve("build/packages");
        String version = cluster.etcdVersion;
        Path tarball = packages.resolve("files/etcd/" + version + "/amd64/etcd-" + version + "-linux-amd64.tar.gz");
        Files.delete(tarball);
        UpstreamFixture upstream = UpstreamFixture.build(cluster.work.resolve("mirror"), cluster.work.resolve("scratch"));
        String upstreamPath = "github.com/etcd-io/etcd/releases/download/" + version + "/etcd-" + version + "-linux-amd64.tar.gz";
        assertThat(upstream.digests).as("the fixture builds the lab bundle's etcd version").containsKey(upstreamPath);

        try (NginxMirror mirror = NginxMirror.serve(upstream.root, cluster.work.resolve("nginx"))) {
            RunResult first = cluster.run(Pipelines.createCluster(
                    new DownloadPolicy(false, Mirror.of(mirror.base()), Optional.empty(), List.of())));

            assertThat(first.succeeded()).as(first.summary()).isTrue();
            assertThat(step(first, "fetch-missing").status()).isEqualTo(StepStatus.CHANGED);
            assertThat(mirror.accessLog()).anyMatch(l -> l.startsWith("GET /" + upstreamPath + " 200"));
            assertThat(tarball).exists();
            String health = cluster.sh("node1", "ETCDCTL_API=3 /usr/local/bin/etcdctl --endpoints=https://"
                    + cluster.node("node1").address() + ":2379 --cacert=/etc/ssl/etcd/ssl/ca.pem"
                    + " --cert=/etc/ssl/etcd/ssl/admin-node1.pem --key=/etc/ssl/etcd/ssl/admin-node1-key.pem"
                    + " endpoint health 2>&1");
            assertThat(health).contains("is healthy");
            assertThat(cluster.sh("node1", "sha256sum /var/lib/kubexm/packages/etcd/" + version + "/amd64/etcd-" + version
                    + "-linux-amd64.tar.gz")).as("the node got the fetched archive").startsWith(upstream.digests.get(upstreamPath));
            int requests = mirror.accessLog().size();

            RunResult second = cluster.run(Pipelines.createCluster(
                    new DownloadPolicy(true, Mirror.none(), Optional.empty(), List.of())));
            assertThat(second.succeeded()).as(second.summary()).isTrue();
            assertThat(second.steps()).allMatch(s -> s.status() == StepStatus.UNCHANGED, "every step unchanged");
            assertThat(mirror.accessLog()).hasSize(requests);
        }
        RunResult delete = cluster.run(Pipelines.deleteCluster());
        assertThat(delete.succeeded()).as(delete.summary()).isTrue();
    }

    private static StepResult step(RunResult r, String name) {
        return r.steps().stream().filter(s -> s.step().equals(name)).findFirst().orElseThrow();
    }
}
