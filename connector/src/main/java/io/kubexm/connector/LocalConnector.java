package io.kubexm.connector;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The control node itself, with the same behaviour as SSH: {@code sh -c}, {@code LANG=C},
 * timeouts that kill the process tree, sudo (with the password on stdin) when not root.
 */
public final class LocalConnector extends ShellConnector {
    private final boolean root;

    /** {@code host} names the control node in messages; its user is the one this JVM runs as. */
    public LocalConnector(Host host) {
        super(host);
        this.root = effectiveUid() == 0;
    }

    /** The uid this JVM runs as (owner of /proc/self); {@code user.name} can be set to anything. */
    static int effectiveUid() {
        try {
            return (int) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new ConnectorException("cannot tell which user runs kubexm on the control node (reading /proc/self: " + e
                    + "); kubexm needs Linux with /proc mounted", e);
        }
    }

    /** The control node as the current user, without a sudo password. */
    public static LocalConnector controlNode() {
        return new LocalConnector(Host.of("localhost", "127.0.0.1", System.getProperty("user.name")));
    }

    @Override
    boolean runsAsRoot() {
        return root;
    }

    @Override
    int runShell(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration deadline)
            throws InterruptedException {
        Process process;
        try {
            process = new ProcessBuilder("sh", "-c", command).start();
        } catch (IOException e) {
            throw new ConnectorException("cannot start sh on the control node: " + e.getMessage(), e);
        }
        Thread out = Thread.ofVirtual().start(() -> copy(process.getInputStream(), stdout));
        Thread err = Thread.ofVirtual().start(() -> copy(process.getErrorStream(), stderr));
        // Fed beside the wait, so that a command not reading its input still meets its deadline and interrupts.
        Thread.ofVirtual().start(() -> feed(stdin, process.getOutputStream()));
        try {
            if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new CommandTimeoutException("a command on the control node did not finish within "
                        + deadline.toSeconds() + "s and was killed");
            }
            out.join();
            err.join();
            return process.exitValue();
        } catch (InterruptedException e) {
            // what runs as this user; processes under sudo are stopped by the caller, as root
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw e;
        }
    }

    private static void feed(InputStream stdin, OutputStream in) {
        try (in) {
            stdin.transferTo(in);
        } catch (IOException e) {
            // The command stopped reading its input early, or was killed; its exit status tells what happened.
        }
    }

    private static void copy(InputStream from, OutputStream to) {
        try (from) {
            from.transferTo(to);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        // Nothing is held open between commands.
    }
}
