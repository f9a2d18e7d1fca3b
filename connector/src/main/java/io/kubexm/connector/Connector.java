package io.kubexm.connector;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;

/**
 * Runs commands and moves files on one node. Implementations: {@link SshConnector} (remote
 * nodes, through {@link SshConnectors}) and {@link LocalConnector} (the control node). Every
 * command runs under {@code sh} with {@code LANG=C}, without a terminal.
 */
public sealed interface Connector extends AutoCloseable permits ShellConnector {

    Host host();

    /**
     * Runs a command and captures its output (up to {@link ShellConnector#CAPTURE_LIMIT} per
     * stream; use {@link #stream} for more).
     *
     * @throws CommandTimeoutException when it ran past its timeout (it was killed)
     */
    ExecResult exec(Command command);

    /** Like {@link #exec} but fails unless the exit code is 0, with stderr in the message. */
    ExecResult run(Command command);

    /** Runs a command with the given stdin, streaming its output; returns the exit code. */
    int stream(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr);

    /** Atomically writes a local file to {@code remotePath}; skipped when the content already matches. */
    Transfer upload(Path local, String remotePath, FileOptions options);

    /** Atomically writes {@code content} to {@code remotePath}; skipped when it already matches. */
    Transfer upload(byte[] content, String remotePath, FileOptions options);

    /** Atomically copies {@code remotePath} to a local file (mode from {@code options}); skipped when equal. */
    Transfer download(String remotePath, Path local, FileOptions options);

    @Override
    void close();
}
