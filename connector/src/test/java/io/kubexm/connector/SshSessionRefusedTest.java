package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.SshFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose sshd accepts the login but refuses every command channel (MaxSessions 0). */
class SshSessionRefusedTest {
    @TempDir
    static Path dir;
    static SshFixture lab;

    @BeforeAll
    static void startServer() {
        lab = SshFixture.start(dir);
        lab.sshd.restartWith("Match User " + lab.users.plain.name() + "\n  MaxSessions 0\n");
    }

    @AfterAll
    static void stopServer() {
        lab.close();
    }

    @Test
    void aRefusedChannelNamesTheNodeAndWhereToLook() {
        try (SshConnectors pool = lab.pool()) {
            Connector node = pool.connector(lab.plain());
            assertThatThrownBy(() -> node.exec(Command.of("true")))
                    .isInstanceOf(ConnectorException.class)
                    .hasMessageStartingWith("running a command on node node-plain (127.0.0.1:" + lab.sshd.port() + ") failed: ")
                    .hasMessageEndingWith("; the connection is up, so check the node's sshd log (journalctl -u ssh or -u sshd)"
                            + " for refused sessions (MaxSessions) and run again");
        }
    }
}
