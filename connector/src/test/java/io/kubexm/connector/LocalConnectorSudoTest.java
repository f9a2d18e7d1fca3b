package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.connector.testing.TestUsers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The control node as a non-root user: a child JVM runs as a throw-away sudo user (via
 * runuser) and claims {@code -Duser.name=root}, which must not fool the connector. Needs root.
 */
class LocalConnectorSudoTest {
    static TestUsers users;
    static Path classes;

    @BeforeAll
    static void setUp() throws IOException {
        users = new TestUsers();
        // the build's classes live under /root, which the test users cannot read
        classes = Files.createTempDirectory("kubexm-local-sudo");
        for (String dir : List.of("target/classes", "target/test-classes", "../util/target/classes")) {
            copyTree(Path.of(dir), classes);
        }
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.toList()) {
                p.toFile().setReadable(true, false);
                p.toFile().setExecutable(Files.isDirectory(p), false);
            }
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        users.close();
        try (Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    @Test
    void passwordlessSudoIsUsedAlthoughUserNameClaimsRoot() throws Exception {
        assertThat(probe(users.sudoer, "", "id -u")).isEqualTo("0\n");
    }

    @Test
    void theSudoPasswordGoesThroughStdinAndNeverShowsInPs() throws Exception {
        TestUsers.User user = users.sudoerWithPassword;
        Process child = start(user, "id -u; sleep 2");
        try (OutputStream in = child.getOutputStream()) {
            in.write((user.password() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        while (child.isAlive()) {
            String ps = new String(new ProcessBuilder("ps", "-eo", "args").start().getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(ps).doesNotContain(user.password());
            Thread.sleep(100);
        }
        assertThat(output(child)).isEqualTo("0\n");
    }

    @Test
    void anInterruptedSudoCommandIsStoppedAsRoot() throws Exception {
        TestUsers.User user = users.sudoerWithPassword;
        Path pidFile = classes.resolve("sleeper.pid");
        Process child = start(user, "sleep 600 & echo $! > " + pidFile + "; wait", "--cancel");
        OutputStream in = child.getOutputStream();
        in.write((user.password() + "\n").getBytes(StandardCharsets.UTF_8));
        in.flush();
        long until = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!(Files.exists(pidFile) && !Files.readString(pidFile).isBlank()) && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        assertThat(ProcessHandle.of(pid).orElseThrow().info().user()).contains("root");
        in.write("cancel\n".getBytes(StandardCharsets.UTF_8));
        in.close();
        assertThat(output(child)).isEqualTo("`sleep 600 & echo $! > " + pidFile + "; wait` on node control (127.0.0.1:22)"
                + " was cancelled and stopped (its process group was killed)\n");
        until = System.nanoTime() + java.time.Duration.ofSeconds(5).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("sleep 600 (root) still running").isFalse();
    }

    private static String probe(TestUsers.User user, String password, String script) throws Exception {
        Process child = start(user, script);
        try (OutputStream in = child.getOutputStream()) {
            in.write((password + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return output(child);
    }

    private static Process start(TestUsers.User user, String... probeArgs) throws IOException {
        String java = ProcessHandle.current().info().command().orElseThrow();
        List<String> command = new java.util.ArrayList<>(List.of("runuser", "-u", user.name(), "--", java, "-Duser.name=root",
                "-cp", classes.toString(), LocalSudoProbe.class.getName(), user.name()));
        command.addAll(List.of(probeArgs));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static String output(Process child) throws Exception {
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as("child JVM exit code (its stderr is in the test log)").isZero();
        return out;
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : all.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
