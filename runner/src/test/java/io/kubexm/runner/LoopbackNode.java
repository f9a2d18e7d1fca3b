package io.kubexm.runner;

import io.kubexm.connector.Connector;
import io.kubexm.connector.SshConnectors;
import io.kubexm.connector.testing.SshFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of runner tests: a real sshd on loopback and a connector logged in as a non-root user
 * with passwordless sudo, so every helper goes through SSH and sudo as on a real node. Until
 * the lab exists, helpers that change system files work on scratch paths under {@link #scratch}.
 */
abstract class LoopbackNode {
    @TempDir
    static Path scratch;
    static SshFixture lab;
    static SshConnectors pool;
    static Connector node;

    @BeforeAll
    static void connect() {
        lab = SshFixture.start(scratch.resolve("ssh"));
        pool = lab.pool();
        node = pool.connector(lab.sudoer());
    }

    @AfterAll
    static void disconnect() {
        if (pool != null) {
            pool.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    static String path(String name) {
        return scratch.resolve(name).toString();
    }
}
