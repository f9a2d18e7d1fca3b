package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubexm.artifacts.NginxMirror;
import io.kubexm.artifacts.UpstreamFixture;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * create cluster's download stage as a user runs it: a bundle that lacks etcd's archive gets it from a loopback
 * mirror (Debian's nginx serving an upstream-shaped etcd release built from Debian's etcd); with --offline, or
 * when the network does not answer, the run fails before any host is touched, listing everything missing; a
 * complete bundle leaves the stage unchanged. The one node is a socket on loopback that counts connections:
 * it closes each at once, so preflight fails there, after the download stage.
 */
class CreateClusterDownloadTest {
    /** The etcd version UpstreamFixture builds. */
    private static final String ETCD = "v3.4.23";
    private static final String TARBALL = "files/etcd/" + ETCD + "/amd64/etcd-" + ETCD + "-linux-amd64.tar.gz";

    @TempDir
    Path work;

    private ServerSocket node;
    private final AtomicInteger connections = new AtomicInteger();

    @BeforeEach
    void nodeThatCountsConnections() throws IOException {
        node = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!node.isClosed()) {
                try (Socket s = node.accept()) {
                    connections.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
    }

    @AfterEach
    void close() throws IOException {
        node.close();
    }

    private Path config() throws IOException {
        Path file = Files.createDirectories(work.resolve("conf/dl")).resolve("cluster.yaml");
        Files.writeString(file, """
                apiVersion: kubexm.io/v1alpha1
                kind: Cluster
                metadata:
                  name: dl
                spec:
                  hosts:
                    - {name: node1, address: 127.0.0.1, port: %d, user: root, password: not-used-1}
                  roleGroups:
                    master: [node1]
                    worker: [node1]
                    etcd: [node1]
                  kubernetes:
                    type: kubeadm
                    version: v1.32.4
                  etcd:
                    type: kubexm
                    version: %s
                  loadbalancer:
                    enabled: false
                """.formatted(node.getLocalPort(), ETCD));
        return file;
    }

    @Test
    void offlineWithAPartialBundleListsEverythingMissingAndTouchesNoHost() throws Exception {
        config();
        Files.createDirectories(work.resolve("build/packages"));

        CliRun r = CliRun.in(work, "create", "cluster", "--cluster=dl", "--offline", "--os", "debian12");

        assertThat(r.exit()).as(r.err()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(r.out()).contains("download/bundle  fetch-missing: ",
                "lacks 2 item(s) this run needs, and --offline forbids fetching them:",
                "  - file " + TARBALL + " (etcd " + ETCD + " amd64 (https://github.com/etcd-io/etcd/releases/",
                "  - OS package repository repos/debian12/amd64 (",
                "run `kubexm download --cluster=dl --os debian12` on a machine with internet access, carry its"
                        + " build/packages over to this machine's build/packages and run this again");
        assertThat(connections).as("no host was touched").hasValue(0);
        assertThat(work.resolve("build/dl/pki")).as("the build stage did not run").doesNotExist();
    }

    @Test
    void aMissingFileComesFromTheMirrorThenTheCompleteBundleLeavesTheStageUnchanged() throws Exception {
        config();
        UpstreamFixture upstream = UpstreamFixture.build(work.resolve("mirror"), work.resolve("scratch"));
        try (NginxMirror mirror = NginxMirror.serve(upstream.root, work.resolve("nginx"))) {
            CliRun first = CliRun.in(work, "create", "cluster", "--cluster=dl", "--mirror", mirror.base());

            assertThat(first.out()).contains("download/bundle  fetch-missing: fetching 1 file(s), 0 image(s), 0 OS package"
                    + " repositories missing from build/packages from " + mirror.base(),
                    "ok      " + TARBALL, "download/bundle  fetch-missing: changed");
            assertThat(mirror.accessLog()).anyMatch(l -> l.startsWith("GET /github.com/etcd-io/etcd/releases/download/"
                    + ETCD + "/etcd-" + ETCD + "-linux-amd64.tar.gz 200"));
            JsonNode bom = new ObjectMapper().readTree(work.resolve("build/packages/bom.json").toFile());
            assertThat(bom.path("files")).hasSize(1);
            assertThat(bom.path("files").get(0).path("path").asText()).isEqualTo(TARBALL);
            assertThat(bom.path("files").get(0).path("sha256").asText())
                    .isEqualTo(upstream.digests.get("github.com/etcd-io/etcd/releases/download/" + ETCD + "/etcd-" + ETCD
                            + "-linux-amd64.tar.gz"));
            assertThat(first.out()).as("the run went on: build, then preflight on the node")
                    .contains("build/build  build-files: changed");
            assertThat(connections.get()).isPositive();
            int requests = mirror.accessLog().size();

            CliRun second = CliRun.in(work, "create", "cluster", "--cluster=dl", "--offline");
            assertThat(second.out()).contains("download/bundle  fetch-missing: unchanged");
            assertThat(mirror.accessLog()).as("nothing fetched").hasSize(requests);
        }
    }

    @Test
    void aNetworkThatDoesNotAnswerIsTheOfflineErrorWithTheMirrorAsWayOut() throws Exception {
        config();
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }

        CliRun r = CliRun.in(work, "create", "cluster", "--cluster=dl", "--mirror", "http://127.0.0.1:" + closedPort);

        assertThat(r.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(r.out()).contains("lacks 1 item(s) this run needs, and the network does not allow fetching them:"
                        + " cannot connect to http://127.0.0.1:" + closedPort + " (refused, or no route to it):",
                "  - file " + TARBALL + " (etcd " + ETCD + " amd64 (https://github.com/etcd-io/etcd/releases/",
                "run `kubexm download --cluster=dl` on a machine with internet access",
                "or give --mirror BASE to fetch them from a mirror this machine reaches");
        assertThat(connections).as("no host was touched").hasValue(0);
    }

    @Test
    void offlineAndAMirrorDoNotGoTogether() throws Exception {
        config();
        CliRun r = CliRun.in(work, "create", "cluster", "--cluster=dl", "--offline", "--mirror", "http://127.0.0.1:9");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).isEqualTo("kubexm: --offline and --mirror do not go together: --offline never touches the"
                + " network; drop one of them\n");
    }
}
