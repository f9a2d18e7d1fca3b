package io.kubexm.connector;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.exception.SshChannelOpenException;

/** A node reached over SSH; commands run as channels of the host's shared connection. */
public final class SshConnector extends ShellConnector {
    private static final int OPEN_ATTEMPTS = 10;
    private final SshConnectors pool;
    private volatile boolean closed;

    SshConnector(Host host, SshConnectors pool) {
        super(host);
        this.pool = pool;
    }

    @Override
    boolean runsAsRoot() {
        return host().isRoot();
    }

    @Override
    int runShell(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration deadline)
            throws InterruptedException {
        if (closed) {
            throw new ConnectorException("the connector for node " + host().describe() + " is closed");
        }
        try (SshConnectors.Lease lease = pool.lease(host())) {
            lease.acquireChannel();
            try {
                return run(lease, command, stdin, stdout, stderr, deadline);
            } finally {
                lease.releaseChannel();
            }
        }
    }

    private int run(SshConnectors.Lease lease, String command, InputStream stdin, OutputStream stdout, OutputStream stderr,
                    Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        ClientSession session = lease.session;
        ChannelExec channel = null;
        CountDownLatch ended = new CountDownLatch(1);
        try {
            channel = openChannel(session, command, stdout, stderr, deadline, ended);
            try (OutputStream in = channel.getInvertedIn()) {
                feed(stdin, in);
            } catch (InterruptedIOException e) {
                throw interrupted(e);
            } catch (IOException e) {
                if (!isAlive(session)) {
                    throw e;
                }
                // The command stopped reading its input early; its exit status tells what happened.
            }
            // Not channel.waitFor: it swallows interrupts, so a cancelled step would wait for the command.
            if (!ended.await(Math.max(end - System.nanoTime(), 0), TimeUnit.NANOSECONDS)) {
                channel.close(true);
                throw new CommandTimeoutException("node " + host().describe() + " did not finish a command within "
                        + deadline.toSeconds() + "s; the channel was closed; check the node");
            }
            Integer status = channel.getExitStatus();
            if (status != null) {
                return status;
            }
            if (!isAlive(session)) {
                throw new IOException("connection closed");
            }
            throw new ConnectorException("a command on node " + host().describe() + " ended without an exit status"
                    + (channel.getExitSignal() == null ? "" : " (signal " + channel.getExitSignal() + ")"));
        } catch (IOException | RuntimeException e) {
            if (Thread.currentThread().isInterrupted()) {
                throw interrupted(e);
            }
            if (e instanceof ConnectorException ce) {
                throw ce;
            }
            if (closed) {
                throw new ConnectorException("the connection to node " + host().describe() + " was closed while a command ran", e);
            }
            if (!isAlive(session)) {
                lease.dropped();
                throw new ConnectionDroppedException("the connection to node " + host().describe() + " dropped ("
                        + SshConnectors.rootMessage(e) + ")", e);
            }
            throw new ConnectorException("running a command on node " + host().describe() + " failed: "
                    + SshConnectors.rootMessage(e) + "; the connection is up, so check the node's sshd log (journalctl -u ssh"
                    + " or -u sshd) for refused sessions (MaxSessions) and run again", e);
        } finally {
            if (channel != null) {
                // at once when abandoned (interrupt, timeout); the caller then stops the remote process
                channel.close(ended.getCount() > 0);
            }
        }
    }

    /** Copies stdin to the channel, checking between chunks whether the caller was interrupted. */
    private static void feed(InputStream stdin, OutputStream channel) throws IOException {
        byte[] buffer = new byte[32 << 10];
        for (int n; (n = stdin.read(buffer)) >= 0; ) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("interrupted while sending input");
            }
            channel.write(buffer, 0, n);
        }
    }

    private static InterruptedException interrupted(Exception cause) {
        Thread.interrupted();
        InterruptedException e = new InterruptedException("interrupted while a command ran");
        e.initCause(cause);
        return e;
    }

    /**
     * Opens an exec channel. The server may refuse one briefly while it frees the slot of a
     * channel that just closed (OpenSSH's MaxSessions); nothing ran yet, so trying again is safe.
     */
    private static ChannelExec openChannel(ClientSession session, String command, OutputStream stdout, OutputStream stderr,
                                           Duration timeout, CountDownLatch ended) throws IOException {
        for (int attempt = 1; ; attempt++) {
            ChannelExec channel = session.createExecChannel(command);
            channel.setUsePty(false);
            channel.setOut(new KeepOpen(stdout));
            channel.setErr(new KeepOpen(stderr));
            try {
                channel.open().verify(timeout);
                // only the channel that opened: a refused attempt closes too. Called at once if it already closed.
                channel.addCloseFutureListener(future -> ended.countDown());
                return channel;
            } catch (IOException e) {
                channel.close(true);
                if (!(e.getCause() instanceof SshChannelOpenException) || attempt == OPEN_ATTEMPTS || !isAlive(session)) {
                    throw e;
                }
                try {
                    Thread.sleep(50L * attempt);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while opening a channel", interrupted);
                }
            }
        }
    }

    private static boolean isAlive(ClientSession session) {
        return session.isOpen() && !session.isClosing();
    }

    /** Closes this node's connection; later calls fail. */
    @Override
    public void close() {
        closed = true;
        pool.forget(this);
    }

    /** The channel closes its output streams when it ends; the caller owns them, so keep them open. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
