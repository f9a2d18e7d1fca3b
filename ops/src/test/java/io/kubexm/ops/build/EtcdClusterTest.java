package io.kubexm.ops.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's etcd forms a three-member TLS cluster on 127.0.0.2-4 from exactly what `build` wrote:
 * each member runs the rendered unit's ExecStart with the rendered environment file, in a private
 * mount namespace where the node's /etc/ssl/etcd/ssl and the etcd binary sit at their node paths.
 */
class EtcdClusterTest {
    private static final String C = "etcdtest";
    private static final List<String> MEMBERS = List.of("node1", "node2", "node3");

    @TempDir
    Path project;

    private final List<Process> members = new ArrayList<>();

    @AfterEach
    void stopMembers() throws InterruptedException {
        for (Process p : members) {
            p.destroy();
        }
        for (Process p : members) {
            if (!p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void threeMembersFormAHealthyClusterAndRefuseAForeignCertificate() throws Exception {
        BuildFixture f = new BuildFixture(project);
        f.build(C, TestClusters.threeMasters(C, ""));
        for (String node : MEMBERS) {
            members.add(start(f, node));
        }
        String ssl = ClusterPki.ETCD_SSL;
        List<String> health = List.of("etcdctl", "--endpoints=https://127.0.0.2:2379",
                "--cacert=" + f.file(C, "node1", ssl + "/ca.pem"),
                "--cert=" + f.file(C, "node1", ssl + "/admin-node1.pem"),
                "--key=" + f.file(C, "node1", ssl + "/admin-node1-key.pem"),
                "endpoint", "health", "--cluster");
        // A member that joined last may still be catching up: wait (bounded) until all three answer.
        Tools.Result r = waitFor(health, Duration.ofSeconds(90));
        assertThat(r.exit()).as(r.output() + logs()).isZero();
        assertThat(r.output().lines().filter(l -> l.contains("is healthy"))).hasSize(3);
        assertThat(r.output()).contains("https://127.0.0.2:2379", "https://127.0.0.3:2379", "https://127.0.0.4:2379");

        // The apiserver's client certificate on a master is accepted too.
        Tools.Result apiserver = Tools.exec(List.of("etcdctl", "--endpoints=https://127.0.0.3:2379",
                "--cacert=" + f.file(C, "node2", "/etc/ssl/etcd/ssl/ca.pem"),
                "--cert=" + f.file(C, "node2", "/etc/kubernetes/pki/apiserver-etcd-client.crt"),
                "--key=" + f.file(C, "node2", "/etc/kubernetes/pki/apiserver-etcd-client.key"),
                "put", "kubexm", "ok"));
        assertThat(apiserver.exit()).as(apiserver.output()).isZero();

        // A member certificate of another cluster (another etcd CA) is refused; the same call with this
        // cluster's member certificate goes through.
        BuildFixture other = new BuildFixture(project.resolve("other"));
        other.build("other", TestClusters.threeMasters("other", ""));
        assertThat(get(f.file(C, "node1", ssl + "/ca.pem"), f.file(C, "node1", ssl + "/member-node1.pem"),
                f.file(C, "node1", ssl + "/member-node1-key.pem")).output()).contains("kubexm\nok");
        Tools.Result foreign = get(f.file(C, "node1", ssl + "/ca.pem"),
                other.file("other", "node1", ssl + "/member-node1.pem"),
                other.file("other", "node1", ssl + "/member-node1-key.pem"));
        assertThat(foreign.exit()).as(foreign.output()).isNotZero();
        assertThat(Files.readString(project.resolve("node1.log")))
                .contains("rejected connection", "certificate signed by unknown authority");
    }

    private static Tools.Result get(Path ca, Path cert, Path key) {
        return Tools.exec(List.of("etcdctl", "--endpoints=https://127.0.0.2:2379", "--cacert=" + ca,
                "--cert=" + cert, "--key=" + key, "--dial-timeout=3s", "--command-timeout=5s", "get", "kubexm"));
    }

    /** One member: the node's unit and environment file exactly, etcd's paths bound in a private mount namespace. */
    private Process start(BuildFixture f, String node) throws IOException {
        Map<String, String> env = environmentFile(f.file(C, node, NodeConfigs.ETCD_ENV));
        String execStart = unitValue(f.file(C, node, NodeConfigs.ETCD_UNIT), "ExecStart");
        String dataDir = env.get("ETCD_DATA_DIR");
        Path ssl = f.file(C, node, ClusterPki.ETCD_SSL);
        String binary = execStart.split(" ")[0];
        String script = String.join(" && ",
                "mount -t tmpfs kubexm-test /etc/ssl",
                "mkdir -p " + ClusterPki.ETCD_SSL,
                "mount --bind " + ssl + " " + ClusterPki.ETCD_SSL,
                "mount -t tmpfs kubexm-test " + Path.of(dataDir).getParent(),
                "mount -t tmpfs kubexm-test " + Path.of(binary).getParent(),
                "touch " + binary,
                "mount --bind " + which("etcd") + " " + binary,
                "exec " + execStart);
        ProcessBuilder pb = new ProcessBuilder("unshare", "--mount", "--propagation", "private", "sh", "-c", script)
                .redirectErrorStream(true)
                .redirectOutput(project.resolve(node + ".log").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        pb.environment().putAll(env);
        return pb.start();
    }

    /** systemd's EnvironmentFile= syntax as the template writes it: KEY=VALUE lines and # comments. */
    private static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            env.put(line.substring(0, eq), line.substring(eq + 1));
        }
        return env;
    }

    private static String unitValue(Path unit, String key) throws IOException {
        return Files.readAllLines(unit).stream().filter(l -> l.startsWith(key + "="))
                .map(l -> l.substring(key.length() + 1)).findFirst().orElseThrow();
    }

    private static String which(String tool) {
        return Tools.run("sh", "-c", "command -v " + tool).trim();
    }

    private Tools.Result waitFor(List<String> cmd, Duration limit) throws InterruptedException {
        Instant end = Instant.now().plus(limit);
        Tools.Result r = Tools.exec(cmd);
        while (!allHealthy(r) && Instant.now().isBefore(end) && members.stream().allMatch(Process::isAlive)) {
            Thread.sleep(500);
            r = Tools.exec(cmd);
        }
        return r;
    }

    private static boolean allHealthy(Tools.Result r) {
        return r.exit() == 0 && r.output().lines().filter(l -> l.contains("is healthy")).count() == MEMBERS.size();
    }

    private String logs() {
        StringBuilder s = new StringBuilder();
        for (String node : MEMBERS) {
            try {
                List<String> lines = Files.readAllLines(project.resolve(node + ".log"));
                s.append("\n--- ").append(node).append(" (last lines)\n")
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 15), lines.size())));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return s.toString();
    }
}
