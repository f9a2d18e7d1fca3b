package io.kubexm.connector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/**
 * Throw-away local users for SSH tests (created as root, removed by {@link #close()}):
 * one with passwordless sudo, one whose sudo asks for its password, one without sudo.
 * Every user has a random login password; names carry a random suffix so parallel runs never clash.
 */
public final class TestUsers implements AutoCloseable {
    private final String suffix = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
    public final User sudoer = new User("kxs" + suffix, password());
    public final User sudoerWithPassword = new User("kxp" + suffix, password());
    public final User plain = new User("kxn" + suffix, password());
    private final Path sudoers = Path.of("/etc/sudoers.d/kubexm-test-" + suffix);

    public record User(String name, String password) {
    }

    public TestUsers() {
        for (User u : all()) {
            TestSshd.Sh.run("useradd", "--create-home", "--shell", "/bin/sh", u.name());
            TestSshd.Sh.withInput(u.name() + ":" + u.password() + "\n", "chpasswd");
        }
        try {
            Files.writeString(sudoers, sudoer.name() + " ALL=(ALL) NOPASSWD:ALL\n"
                    + sudoerWithPassword.name() + " ALL=(ALL) ALL\n");
            Files.setPosixFilePermissions(sudoers, PosixFilePermissions.fromString("r--r-----"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public List<User> all() {
        return List.of(sudoer, sudoerWithPassword, plain);
    }

    private static String password() {
        return "pw-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(8));
    }

    @Override
    public void close() {
        try {
            Files.deleteIfExists(sudoers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (User u : all()) {
            ProcessHandle.allProcesses()
                    .filter(p -> p.info().user().map(u.name()::equals).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
            TestSshd.Sh.run("userdel", "--remove", "--force", u.name());
        }
    }
}
