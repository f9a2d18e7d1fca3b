package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.SshFixture;
import io.kubexm.connector.testing.TestSshd;
import io.kubexm.util.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Authentication and privilege against a real OpenSSH server on loopback. */
class SshAuthTest {
    @TempDir
    static Path dir;
    static SshFixture lab;
    SshConnectors pool;

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
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void everyKeyTypeLogsInAsRoot() {
        for (Path key : List.of(lab.keys.ed25519(), lab.keys.rsa(), lab.keys.rsaPem(), lab.keys.ecdsa())) {
            Host host = Host.of("node-" + key.getFileName(), "127.0.0.1", "root").withPort(lab.sshd.port()).withPrivateKey(key);
            assertThat(pool.connector(host).run(Command.of("id -un")).stdout()).as(key.toString()).isEqualTo("root\n");
        }
    }

    @Test
    void encryptedKeysOpenWithTheirPassphrase() {
        for (Path key : List.of(lab.keys.ed25519Encrypted(), lab.keys.rsaPemEncrypted())) {
            Host host = Host.of("node-" + key.getFileName(), "127.0.0.1", "root").withPort(lab.sshd.port())
                    .withPrivateKey(key, Secret.of(lab.keys.passphrase()));
            assertThat(pool.connector(host).run(Command.of("id -un")).stdout()).as(key.toString()).isEqualTo("root\n");
        }
    }

    @Test
    void wrongPassphraseIsReportedWithoutTheSecret() {
        Host host = Host.of("node-enc", "127.0.0.1", "root").withPort(lab.sshd.port())
                .withPrivateKey(lab.keys.ed25519Encrypted(), Secret.of("not-the-passphrase-42"));
        assertThatThrownBy(() -> pool.connector(host).exec(Command.of("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("cannot read private key " + lab.keys.ed25519Encrypted() + " for node node-enc")
                .hasMessageContaining("passphrase")
                .message().doesNotContain("not-the-passphrase-42").doesNotContain(lab.keys.passphrase());
    }

    @Test
    void passwordLogin() {
        var user = lab.users.plain;
        Host host = Host.of("node-pw", "127.0.0.1", user.name()).withPort(lab.sshd.port()).withPassword(Secret.of(user.password()));
        assertThat(pool.connector(host).run(Command.of("id -un")).stdout()).isEqualTo(user.name() + "\n");
    }

    @Test
    void wrongPasswordFailsWithoutTheSecretInTheError() {
        Host host = Host.of("node-pw", "127.0.0.1", lab.users.plain.name()).withPort(lab.sshd.port())
                .withPassword(Secret.of("wrong-password-1234"));
        assertThatThrownBy(() -> pool.connector(host).exec(Command.of("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("authentication as user " + lab.users.plain.name() + " failed on node node-pw (127.0.0.1:"
                        + lab.sshd.port() + ") with password")
                .message().doesNotContain("wrong-password-1234");
    }

    @Test
    void keyTheServerDoesNotKnowIsRefused() throws Exception {
        Path stranger = dir.resolve("stranger");
        TestSshd.Sh.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger.toString());
        Host host = Host.of("node-k", "127.0.0.1", "root").withPort(lab.sshd.port()).withPrivateKey(stranger);
        String privateKey = Files.readString(stranger);
        assertThatThrownBy(() -> pool.connector(host).exec(Command.of("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("authentication as user root failed on node node-k (127.0.0.1:" + lab.sshd.port()
                        + ") with private key " + stranger)
                .message().doesNotContain(privateKey.lines().skip(1).findFirst().orElseThrow());
    }

    @Test
    void unreachablePortNamesTheNodeAndWhatToCheck() {
        int closedPort = TestSshd.freePort();
        Host host = Host.of("node-gone", "127.0.0.1", "root").withPort(closedPort).withPrivateKey(lab.keys.ed25519());
        assertThatThrownBy(() -> pool.connector(host).exec(Command.of("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageMatching("cannot connect to node node-gone \\(127\\.0\\.0\\.1:" + closedPort
                        + "\\): .*[Cc]onnection refused.*; check network policy, firewall or the sshd service");
    }

    @Test
    void aServerThatNeverSpeaksSshTimesOut() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
             SshConnectors quick = new SshConnectors(SshOptions.defaults(dir.resolve("known_hosts")).withConnectTimeout(java.time.Duration.ofSeconds(2)))) {
            Host host = Host.of("node-silent", "127.0.0.1", "root").withPort(silent.getLocalPort()).withPrivateKey(lab.keys.ed25519());
            assertThatThrownBy(() -> quick.connector(host).exec(Command.of("true")))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessage("cannot connect to node node-silent (127.0.0.1:" + silent.getLocalPort()
                            + "): the key exchange did not finish within 2s; check network policy, firewall or the sshd service");
        }
    }

    @Test
    void rootNeedsNoSudo() {
        assertThat(pool.connector(lab.root()).run(Command.sudo("id -un")).stdout()).isEqualTo("root\n");
    }

    @Test
    void passwordlessSudo() {
        Connector node = pool.connector(lab.sudoer());
        assertThat(node.run(Command.of("id -un")).stdout()).isEqualTo(lab.users.sudoer.name() + "\n");
        assertThat(node.run(Command.sudo("id -un")).stdout()).isEqualTo("root\n");
    }

    @Test
    void sudoPasswordGoesThroughStdinOnly() throws Exception {
        Connector node = pool.connector(lab.sudoerWithPassword());
        String password = lab.users.sudoerWithPassword.password();
        assertThat(node.run(Command.sudo("id -un")).stdout()).isEqualTo("root\n");
        // stdin after the password line still reaches the command
        var out = new java.io.ByteArrayOutputStream();
        int code = node.stream(Command.sudo("cat"), new java.io.ByteArrayInputStream("payload\n".getBytes()), out,
                java.io.OutputStream.nullOutputStream());
        assertThat(code).isZero();
        assertThat(out.toString()).isEqualTo("payload\n");
        // while a sudo command runs, no process on this machine carries the password on its command line
        CompletableFuture<ExecResult> running = CompletableFuture.supplyAsync(() -> node.run(Command.sudo("sleep 3; echo done")));
        Thread.sleep(1500);
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            List<String> lines = procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .map(p -> p.resolve("cmdline"))
                    .map(SshAuthTest::readQuietly)
                    .toList();
            assertThat(lines).anyMatch(l -> l.contains("sudo -S -p"));
            assertThat(lines).noneMatch(l -> l.contains(password));
        }
        assertThat(running.get().stdout()).isEqualTo("done\n");
    }

    @Test
    void userWithoutSudoGetsTheExactHint() {
        String user = lab.users.plain.name();
        assertThatThrownBy(() -> pool.connector(lab.plain()).exec(Command.sudo("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessage("'sudo whoami' failed on node-plain: make sure user " + user
                        + " has sudo rights (passwordless, or set the sudo password)");
    }

    @Test
    void sudoThatDemandsATerminalIsExplained() throws Exception {
        Path requiretty = Path.of("/etc/sudoers.d/kubexm-test-requiretty-" + lab.users.sudoer.name());
        Files.writeString(requiretty, "Defaults:" + lab.users.sudoer.name() + " requiretty\n");
        try {
            assertThatThrownBy(() -> pool.connector(lab.sudoer()).exec(Command.sudo("true")))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageStartingWith("'sudo whoami' failed on node-sudo: make sure user " + lab.users.sudoer.name())
                    .hasMessageEndingWith("remove 'Defaults requiretty' from /etc/sudoers");
        } finally {
            Files.delete(requiretty);
        }
    }

    @Test
    void wrongSudoPasswordIsRefusedWithoutTheSecret() {
        Host host = lab.sudoerWithPassword().withSudoPassword(Secret.of("bad-sudo-pw-777"));
        assertThatThrownBy(() -> pool.connector(host).exec(Command.sudo("true")))
                .isInstanceOf(ConnectorException.class)
                .hasMessageStartingWith("'sudo whoami' failed on node-sudopw: the sudo password was refused")
                .message().doesNotContain("bad-sudo-pw-777");
    }

    private static String readQuietly(Path p) {
        try {
            return new String(Files.readAllBytes(p)).replace('\0', ' ');
        } catch (java.io.IOException e) {
            return "";
        }
    }
}
