package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.SshFixture;
import io.kubexm.connector.testing.TestSshd;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command execution over one multiplexed connection to a real OpenSSH server. */
class SshExecTest {
    @TempDir
    static Path dir;
    static SshFixture lab;
    SshConnectors pool;
    Connector root;

    @BeforeAll
    static void startServer() {
        lab = SshFixture.start(dir);
    }

    @AfterAll
    static void stopServer() {
        lab.close();
    }

    @BeforeEach
    void openPool() {
        pool = lab.pool();
        root = pool.connector(lab.root());
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void stdoutStderrAndExitCodeStayApart() {
        ExecResult r = root.exec(Command.of("echo out; echo err >&2; exit 7"));
        assertThat(r).isEqualTo(new ExecResult(7, "out\n", "err\n"));
    }

    @Test
    void runsWithoutTerminalInTheCLocale() {
        assertThat(root.exec(Command.of("tty")).exitCode()).isNotZero();
        assertThat(root.run(Command.of("echo \"$LANG $LC_ALL\"")).stdout()).isEqualTo("C C\n");
        assertThat(root.run(Command.sudo("echo \"$LANG\"")).stdout()).isEqualTo("C\n");
    }

    @Test
    void runFailsWithNodeExitCodeAndStderr() {
        assertThatThrownBy(() -> root.run(Command.of("echo 'no such unit' >&2; exit 5")))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("`echo 'no such unit' >&2; exit 5` failed on node node-root (127.0.0.1:" + lab.sshd.port()
                        + ") with exit code 5: no such unit");
    }

    @Test
    void twoHundredConcurrentCommandsShareOneConnection() throws Exception {
        // a user with /bin/sh: this machine's root runs a slow ~/.bashrc for every command
        Connector node = pool.connector(lab.sudoer());
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<ExecResult>> results = IntStream.range(0, 200)
                    .mapToObj(i -> threads.submit(() -> node.run(Command.of("echo " + i + "; sleep 0.05"))))
                    .toList();
            for (int i = 0; i < 200; i++) {
                assertThat(results.get(i).get().stdout()).isEqualTo(i + "\n");
            }
        }
        assertThat(pool.connectionsOpened()).isEqualTo(1);
        assertThat(pool.openConnections()).isEqualTo(1);
    }

    @Test
    void hundredMegabytesOfStdoutAreStreamedNotBuffered() throws Exception {
        // surefire runs this module with -Xmx256m; buffering would not fit next to the rest
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long[] count = {0};
        OutputStream sink = new DigestOutputStream(new OutputStream() {
            @Override
            public void write(int b) {
                count[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                count[0] += len;
            }
        }, sha);
        String script = "yes kubexm-output-line | head -c 100000000";
        int code = root.stream(Command.of(script), java.io.InputStream.nullInputStream(), sink, OutputStream.nullOutputStream());
        assertThat(code).isZero();
        assertThat(count[0]).isEqualTo(100_000_000L);
        String remote = root.run(Command.of(script + " | sha256sum | cut -d' ' -f1")).stdout().strip();
        assertThat(HexFormat.of().formatHex(sha.digest())).isEqualTo(remote);
    }

    @Test
    void timeoutKillsTheRemoteProcessAndItsChildren() throws Exception {
        Path pidFile = dir.resolve("sleeper.pid");
        Command hang = Command.of("sleep 600 & echo $! > " + pidFile + "; wait").withTimeout(Duration.ofSeconds(2));
        assertThatThrownBy(() -> root.exec(hang))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("on node node-root (127.0.0.1:" + lab.sshd.port() + ") ran longer than 2s and was killed");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        // the sleeper was a grandchild of the command; it must be gone, not orphaned
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("sleep 600 still running").isFalse();
        assertThat(root.run(Command.of("echo still usable")).stdout()).isEqualTo("still usable\n");
    }

    @Test
    void anInterruptedCommandIsStoppedOnTheNode() throws Exception {
        assertCancelStopsTheSleeper(root, Command.of("sleep 600 & echo $! > " + dir.resolve("root.pid") + "; wait"),
                dir.resolve("root.pid"), "node-root");
    }

    @Test
    void anInterruptedSudoCommandIsStoppedAsRoot() throws Exception {
        Connector node = pool.connector(lab.sudoerWithPassword());
        assertCancelStopsTheSleeper(node, Command.sudo("sleep 600 & echo $! > " + dir.resolve("sudo.pid") + "; wait"),
                dir.resolve("sudo.pid"), "node-sudopw");
        assertThat(node.run(Command.sudo("whoami")).stdout()).isEqualTo("root\n");
    }

    /** Interrupts the thread running {@code command} once its {@code sleep 600} started; the sleep must die. */
    static void assertCancelStopsTheSleeper(Connector node, Command command, Path pidFile, String nodeName) throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread runner = Thread.ofPlatform().start(() -> {
            try {
                node.exec(command);
            } catch (Throwable e) {
                thrown.set(e);
                stillInterrupted.set(Thread.currentThread().isInterrupted());
            }
        });
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid)).isPresent();
        runner.interrupt();
        runner.join(Duration.ofSeconds(20));
        assertThat(runner.isAlive()).as("exec still waiting after the interrupt").isFalse();
        assertThat(thrown.get()).isInstanceOf(CommandCancelledException.class)
                .hasMessageStartingWith("`sleep 600 & echo $! > " + pidFile + "; wait` on node " + nodeName)
                .hasMessageEndingWith("was cancelled and stopped (its process group was killed)");
        assertThat(stillInterrupted).as("the interrupt flag is kept for the caller").isTrue();
        until = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("sleep 600 still running").isFalse();
    }

    @Test
    void stdinReachesTheCommand() {
        var out = new java.io.ByteArrayOutputStream();
        int code = root.stream(Command.of("tr a-z A-Z"), new ByteArrayInputStream("kubexm\n".getBytes()), out, OutputStream.nullOutputStream());
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("KUBEXM\n");
    }

    @Test
    void idempotentCommandsSurviveADroppedConnection() throws Exception {
        assertThat(root.run(Command.of("true")).ok()).isTrue();
        lab.sshd.dropConnections();
        Thread.sleep(300);
        assertThat(root.run(Command.of("echo again").asIdempotent()).stdout()).isEqualTo("again\n");
        assertThat(pool.connectionsOpened()).isEqualTo(2);
    }

    @Test
    void otherCommandsAreNotRepeatedAfterADrop() {
        // the command kills the sshd process serving its own connection, then the client sees the drop
        Path marker = dir.resolve("ran-once");
        assertThatThrownBy(() -> root.exec(Command.of("echo x >> " + marker + "; kill -9 $(ps -o ppid= -p $PPID); sleep 5")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("the connection to node node-root (127.0.0.1:" + lab.sshd.port() + ") dropped")
                .hasMessageContaining("not safe to repeat automatically");
        assertThat(marker).hasContent("x");
    }

    @Test
    void keepaliveNoticesAPeerThatStoppedAnswering() throws Exception {
        SshOptions quick = SshOptions.defaults(dir.resolve("known_hosts")).withKeepAlive(Duration.ofMillis(500));
        try (SshConnectors keepalive = new SshConnectors(quick)) {
            Connector node = keepalive.connector(lab.sudoer());
            node.run(Command.of("true"));
            // freeze every per-connection sshd process (monitor and the unprivileged child that talks to us)
            List<ProcessHandle> serving = ProcessHandle.of(lab.sshd.pid()).orElseThrow().descendants().toList();
            serving.forEach(p -> TestSshd.Sh.run("kill", "-STOP", String.valueOf(p.pid())));
            try {
                long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (keepalive.openConnections() > 0 && System.nanoTime() < until) {
                    Thread.sleep(100);
                }
                assertThat(keepalive.openConnections()).as("connection to a frozen peer closed by keepalive").isZero();
            } finally {
                serving.forEach(ProcessHandle::destroyForcibly); // SIGKILL ends stopped processes too
            }
            assertThat(node.run(Command.of("echo fresh").asIdempotent()).stdout()).isEqualTo("fresh\n");
        }
    }

    @Test
    void nodesSharingAnEndpointShareOneConnection() {
        // like a bastion that the cluster config names once per node that goes through it
        for (String name : List.of("bastion-for-node1", "bastion-for-node2", "bastion-for-node3")) {
            Host h = Host.of(name, "127.0.0.1", lab.users.sudoer.name()).withPort(lab.sshd.port()).withPrivateKey(lab.keys.ed25519());
            pool.connector(h).run(Command.of("true"));
        }
        assertThat(pool.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void aClosedConnectorIsReplacedByANewOne() {
        Connector first = pool.connector(lab.root());
        first.close();
        assertThatThrownBy(() -> first.run(Command.of("true"))).hasMessageContaining("is closed");
        assertThat(pool.connector(lab.root()).run(Command.of("echo ok")).stdout()).isEqualTo("ok\n");
    }

    @Test
    void poolKeepsAtMostMaxConnectionsAcrossHosts() {
        try (SshConnectors small = new SshConnectors(SshOptions.defaults(dir.resolve("known_hosts")).withMaxConnections(2))) {
            List<Host> hosts = List.of(lab.sudoer(), lab.plain(), lab.sudoerWithPassword());
            for (int round = 0; round < 2; round++) {
                for (Host h : hosts) {
                    assertThat(small.connector(h).run(Command.of("id -un")).stdout()).isEqualTo(h.user() + "\n");
                    assertThat(small.openConnections()).isLessThanOrEqualTo(2);
                }
            }
            assertThat(small.connectionsOpened()).isEqualTo(6);
        }
    }
}
