package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.SshFixture;
import io.kubexm.connector.testing.TestSshd;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** known_hosts handling and jump hosts, against real OpenSSH servers. */
class SshHostKeyAndJumpTest {
    @TempDir
    static Path dir;
    static SshFixture lab;

    @BeforeAll
    static void startServer() {
        lab = SshFixture.start(dir);
    }

    @AfterAll
    static void stopServer() {
        lab.close();
    }

    @Test
    void newKeyIsRecordedChangedKeyIsRefusedAndTheResetCommandWorks() throws Exception {
        Path knownHosts = dir.resolve("build/mycluster/known_hosts");
        Host node = lab.root();
        try (SshConnectors pool = new SshConnectors(SshOptions.defaults(knownHosts))) {
            pool.connector(node).run(Command.of("true"));
        }
        String recorded = Files.readString(knownHosts);
        assertThat(recorded).startsWith("[127.0.0.1]:" + lab.sshd.port() + " ssh-ed25519 ");
        // OpenSSH itself finds our entry and agrees on the key
        String keygenSays = TestSshd.Sh.run("ssh-keygen", "-F", "[127.0.0.1]:" + lab.sshd.port(), "-f", knownHosts.toString());
        assertThat(keygenSays).contains("ssh-ed25519");
        String oldFingerprint = TestSshd.Sh.run("ssh-keygen", "-l", "-f", lab.sshd.dir().resolve("host_ed25519.pub").toString()).split(" ")[1];

        lab.sshd.reinstall();
        String newFingerprint = TestSshd.Sh.run("ssh-keygen", "-l", "-f", lab.sshd.dir().resolve("host_ed25519.pub").toString()).split(" ")[1];
        String message;
        try (SshConnectors pool = new SshConnectors(SshOptions.defaults(knownHosts))) {
            Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> pool.connector(node).run(Command.of("true")));
            assertThat(thrown).isInstanceOf(ConnectorException.class);
            message = thrown.getMessage();
        }
        assertThat(message)
                .startsWith("the host key of node node-root (127.0.0.1:" + lab.sshd.port() + ") changed")
                .contains(oldFingerprint)
                .contains(newFingerprint);
        assertThat(Files.readString(knownHosts)).isEqualTo(recorded);

        Matcher reset = Pattern.compile("ssh-keygen -f (\\S+) -R '([^']+)'").matcher(message);
        assertThat(reset.find()).as("message carries the reset command: " + message).isTrue();
        TestSshd.Sh.run("ssh-keygen", "-f", reset.group(1), "-R", reset.group(2));
        try (SshConnectors pool = new SshConnectors(SshOptions.defaults(knownHosts))) {
            assertThat(pool.connector(node).run(Command.of("echo back")).stdout()).isEqualTo("back\n");
        }
    }

    @Test
    void jumpHostTunnelsToTheTarget() {
        try (TestSshd target = TestSshd.start(dir.resolve("target-sshd"));
             SshConnectors pool = lab.pool()) {
            target.authorize("root", lab.keys.rsa());
            Host bastion = lab.root().withPrivateKey(lab.keys.ecdsa());
            Host node = Host.of("behind", "127.0.0.1", "root").withPort(target.port()).withPrivateKey(lab.keys.rsa())
                    .withBastion(bastion);
            String connection = pool.connector(node).run(Command.of("echo $SSH_CONNECTION")).stdout().strip();
            // SSH_CONNECTION = client-ip client-port server-ip server-port: the client socket must belong to the bastion's sshd
            String[] parts = connection.split(" ");
            assertThat(parts[3]).isEqualTo(String.valueOf(target.port()));
            String owner = TestSshd.Sh.run("ss", "-Htnp", "state", "established", "( sport = :" + parts[1] + " )");
            Matcher pid = Pattern.compile("pid=(\\d+)").matcher(owner);
            assertThat(pid.find()).as("socket owner in: " + owner).isTrue();
            long ownerPid = Long.parseLong(pid.group(1));
            assertThat(ProcessHandle.of(lab.sshd.pid()).orElseThrow().descendants().map(ProcessHandle::pid))
                    .as("the tunnel is opened by the bastion's sshd").contains(ownerPid);
            assertThat(pool.openConnections()).isEqualTo(2);
        }
    }

    @Test
    void unreachableTargetBehindJumpHostNamesTheTarget() {
        int closed = TestSshd.freePort();
        try (SshConnectors pool = lab.pool()) {
            Host node = Host.of("lost", "127.0.0.1", "root").withPort(closed).withPrivateKey(lab.keys.rsa()).withBastion(lab.root());
            assertThatThrownBy(() -> pool.connector(node).run(Command.of("true")))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageStartingWith("cannot connect to node lost (127.0.0.1:" + closed + ")")
                    .hasMessageEndingWith("; check network policy, firewall or the sshd service");
        }
    }
}
