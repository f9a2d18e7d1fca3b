package io.kubexm.connector.testing;

import io.kubexm.connector.Host;
import io.kubexm.connector.SshConnectors;
import io.kubexm.connector.SshOptions;
import io.kubexm.util.Secret;
import java.nio.file.Path;

/**
 * One real sshd, throw-away users and keys of every kind, all authorized; for a test class's
 * {@code @BeforeAll}. Needs root: it starts sshd and creates users.
 */
public final class SshFixture implements AutoCloseable {
    public final Path dir;
    public final TestSshd sshd;
    public final TestUsers users;
    public final TestKeys keys;

    private SshFixture(Path dir) {
        if (!"root".equals(System.getProperty("user.name"))) {
            throw new IllegalStateException("the SSH tests start sshd and create users: run them as root (scripts/test.sh does)");
        }
        this.dir = dir;
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        this.keys = TestKeys.generate(dir);
        this.sshd = TestSshd.start(dir.resolve("sshd"));
        TestUsers created = null;
        try {
            created = new TestUsers();
            for (Path key : keys.all()) {
                sshd.authorize("root", key);
                for (TestUsers.User u : created.all()) {
                    sshd.authorize(u.name(), key);
                }
            }
        } catch (RuntimeException e) {
            sshd.close();
            if (created != null) {
                created.close();
            }
            throw e;
        }
        this.users = created;
    }

    public static SshFixture start(Path dir) {
        return new SshFixture(dir);
    }

    /** A pool whose known_hosts file lives in the fixture's directory. */
    public SshConnectors pool() {
        return new SshConnectors(SshOptions.defaults(dir.resolve("known_hosts")));
    }

    public Host root() {
        return Host.of("node-root", "127.0.0.1", "root").withPort(sshd.port()).withPrivateKey(keys.ed25519());
    }

    public Host sudoer() {
        return Host.of("node-sudo", "127.0.0.1", users.sudoer.name()).withPort(sshd.port()).withPrivateKey(keys.ed25519());
    }

    public Host sudoerWithPassword() {
        return Host.of("node-sudopw", "127.0.0.1", users.sudoerWithPassword.name()).withPort(sshd.port())
                .withPassword(Secret.of(users.sudoerWithPassword.password()))
                .withSudoPassword(Secret.of(users.sudoerWithPassword.password()));
    }

    public Host plain() {
        return Host.of("node-plain", "127.0.0.1", users.plain.name()).withPort(sshd.port()).withPrivateKey(keys.ed25519());
    }

    @Override
    public void close() {
        sshd.close();
        users.close();
    }
}
