package io.kubexm.connector.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenSSH sshd on 127.0.0.1 with host keys, config and authorized keys of its own
 * (under {@code dir}), on a free port. Needs root (it logs users in). Stopped by {@link #close()}.
 */
public final class TestSshd implements AutoCloseable {
    private final Path dir;
    private final int port;
    private Process process;
    private String extraConfig = "";

    private TestSshd(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static TestSshd start(Path dir) {
        try {
            Files.createDirectories(dir.resolve("authorized_keys"));
            // sshd reads authorized keys as the logging-in user: let every user traverse to them.
            for (Path p = dir.resolve("authorized_keys"); p != null && p.startsWith(Path.of("/tmp")) && !p.equals(Path.of("/tmp")); p = p.getParent()) {
                Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            }
            Files.createDirectories(Path.of("/run/sshd")); // privilege separation directory
            TestSshd sshd = new TestSshd(dir, freePort());
            sshd.newHostKey();
            sshd.launch();
            return sshd;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    /** Lets {@code user} log in with the public half of {@code privateKey}. */
    public void authorize(String user, Path privateKey) {
        try {
            Path pub = Path.of(privateKey + ".pub");
            Files.writeString(dir.resolve("authorized_keys").resolve(user), Files.readString(pub),
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Kills the per-connection sshd processes, as a network drop or a node reboot would. */
    public void dropConnections() {
        ProcessHandle.of(pid()).ifPresent(p -> p.children().forEach(ProcessHandle::destroyForcibly));
    }

    /** Restarts on the same port and host key with {@code lines} appended to the config (Match blocks go last). */
    public void restartWith(String lines) {
        extraConfig = lines;
        stop();
        launch();
    }

    /** Restarts on the same port with a fresh host key, as a reinstalled node would. */
    public void reinstall() {
        stop();
        newHostKey();
        launch();
    }

    private void newHostKey() {
        try {
            Files.deleteIfExists(dir.resolve("host_ed25519"));
            Files.deleteIfExists(dir.resolve("host_ed25519.pub"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Sh.run("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", dir.resolve("host_ed25519").toString());
    }

    private void launch() {
        String config = String.join("\n",
                "Port " + port,
                "ListenAddress 127.0.0.1",
                "HostKey " + dir.resolve("host_ed25519"),
                "PidFile " + dir.resolve("sshd.pid"),
                "AuthorizedKeysFile " + dir.resolve("authorized_keys") + "/%u",
                "StrictModes no",
                "PermitRootLogin yes",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "AllowTcpForwarding yes",
                "MaxStartups 300",
                "LogLevel ERROR",
                extraConfig);
        try {
            Path file = dir.resolve("sshd_config");
            Files.writeString(file, config);
            process = new ProcessBuilder("/usr/sbin/sshd", "-D", "-e", "-f", file.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("sshd.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < until) {
            if (!process.isAlive()) {
                throw new IllegalStateException("sshd exited: " + log());
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(50);
            }
        }
        throw new IllegalStateException("sshd did not listen on port " + port + ": " + log());
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Runs a setup command and fails loudly when it fails. */
    public static final class Sh {
        private Sh() {
        }

        public static String run(String... command) {
            return withInput(null, command);
        }

        public static String withInput(String stdin, String... command) {
            try {
                Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                    }
                }
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                if (p.waitFor() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
                }
                return out;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
