package io.kubexm.connector;

import io.kubexm.util.Secret;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Supplier;

/**
 * What both connectors share: everything is a shell command run under {@code sh}, so sudo,
 * timeouts, atomic transfers and reconnects are written once, over one primitive
 * ({@link #runShell}) that SSH and the local process implement.
 */
public abstract sealed class ShellConnector implements Connector permits SshConnector, LocalConnector {
    /** Output {@link #exec} keeps per stream; {@link #stream} has no limit. */
    public static final int CAPTURE_LIMIT = 64 << 20;
    /** How long {@code timeout} waits after TERM before it sends KILL. */
    private static final int KILL_AFTER_SECONDS = 5;
    /** Extra time the client waits beyond the remote timeout before giving up on the channel. */
    private static final Duration CLIENT_GRACE = Duration.ofSeconds(KILL_AFTER_SECONDS + 10);
    private static final int RETRIES_AFTER_DROP = 2;
    /** Marks each command's script so that a cancelled one can be found and stopped. */
    private static final String RUN_TAG = "kubexm-run-";

    private enum Sudo { PASSWORDLESS, WITH_PASSWORD }

    private final Host host;
    private final SecureRandom random = new SecureRandom();
    private final Object sudoLock = new Object();
    private Sudo sudo; // probed on first use, guarded by sudoLock

    ShellConnector(Host host) {
        this.host = host;
    }

    /**
     * Runs {@code command} with {@code sh -c} on the node, feeding {@code stdin} and streaming
     * output, and returns the exit code.
     *
     * @throws ConnectionDroppedException when the transport died before the command finished
     * @throws CommandTimeoutException when {@code deadline} passed first (the work is abandoned)
     * @throws InterruptedException when the calling thread was interrupted; the command was
     *     abandoned (channel closed, local process killed) and may still run as another user
     */
    abstract int runShell(String command, InputStream stdin, OutputStream stdout, OutputStream stderr, Duration deadline)
            throws InterruptedException;

    /** Whether the session this connector runs commands as is root. */
    abstract boolean runsAsRoot();

    @Override
    public final Host host() {
        return host;
    }

    @Override
    public final ExecResult exec(Command command) {
        return withReconnect(command, () -> {
            Capture out = new Capture();
            Capture err = new Capture();
            int code = execute(command, InputStream.nullInputStream(), out, err);
            if (out.overflowed || err.overflowed) {
                throw new ConnectorException("output of `" + Shell.summary(command.script()) + "` on node " + host.describe()
                        + " exceeded " + (CAPTURE_LIMIT >> 20) + " MiB; stream it instead of capturing it");
            }
            return new ExecResult(code, out.text(), err.text());
        });
    }

    @Override
    public final ExecResult run(Command command) {
        ExecResult result = exec(command);
        if (!result.ok()) {
            throw new ConnectorException("`" + Shell.summary(command.script()) + "` failed on node " + host.describe()
                    + " with exit code " + result.exitCode() + ": " + tail(result.stderr().isBlank() ? result.stdout() : result.stderr()));
        }
        return result;
    }

    @Override
    public final int stream(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        // Input already sent and output already handed over cannot be taken back: a retry is only
        // safe before the first byte either way.
        Counting out = new Counting(stdout);
        Counting err = new Counting(stderr);
        long[] read = {0};
        InputStream in = new java.io.FilterInputStream(stdin) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                read[0] += b < 0 ? 0 : 1;
                return b;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                read[0] += Math.max(n, 0);
                return n;
            }
        };
        return withReconnect(command, () -> {
            if (out.count > 0 || err.count > 0 || read[0] > 0) {
                throw new ConnectorException("the connection to node " + host.describe() + " dropped while `"
                        + Shell.summary(command.script()) + "` was streaming; run it again");
            }
            return execute(command, in, out, err);
        });
    }

    @Override
    public final Transfer upload(Path local, String remotePath, FileOptions options) {
        String sha;
        long size;
        try {
            sha = sha256(local);
            size = Files.size(local);
        } catch (IOException e) {
            throw new ConnectorException("cannot read " + local + " to upload it to node " + host.describe() + ": " + e, e);
        }
        return upload(() -> {
            try {
                return Files.newInputStream(local);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, size, sha, remotePath, options);
    }

    @Override
    public final Transfer upload(byte[] content, String remotePath, FileOptions options) {
        return upload(() -> new ByteArrayInputStream(content), content.length, sha256(content), remotePath, options);
    }

    private Transfer upload(Supplier<InputStream> source, long size, String sha, String remotePath, FileOptions options) {
        requireAbsolute(remotePath);
        String target = Shell.quote(remotePath);
        Command probe = command("t=" + target + "; if [ -f \"$t\" ]; then sha256sum < \"$t\" | cut -d' ' -f1;"
                + " stat -c '%a %U:%G' \"$t\"; fi", options.sudo());
        String[] current = run(probe.asIdempotent()).stdout().strip().split("\n");
        if (current.length == 2 && current[0].equals(sha)) {
            String[] modeOwner = current[1].split(" ");
            StringBuilder fix = new StringBuilder();
            if (Integer.parseInt(modeOwner[0], 8) != Integer.parseInt(options.mode(), 8)) {
                fix.append("chmod ").append(options.mode()).append(" ").append(target).append("; ");
            }
            if (options.owner().isPresent() && !ownerMatches(options.owner().get(), modeOwner[1])) {
                fix.append("chown ").append(options.owner().get()).append(" ").append(target).append("; ");
            }
            if (fix.isEmpty()) {
                return new Transfer(Transfer.Outcome.SKIPPED, 0, sha);
            }
            run(command(fix.toString(), options.sudo()));
            return new Transfer(Transfer.Outcome.ATTRIBUTES_FIXED, 0, sha);
        }
        // Temp file next to the target, checked against the sha256 before the rename, so a broken
        // transfer (dropped connection, full disk, killed client) never leaves a partial target.
        // SIGPIPE is ignored so that a vanished client cannot kill the script before it cleans up.
        String script = "trap '' PIPE\nt=" + target + "\n"
                + "tmp=$(mktemp \"$(dirname \"$t\")/.$(basename \"$t\").kubexm.XXXXXX\") || exit 1\n"
                + "trap 'rm -f \"$tmp\"' EXIT\n"
                + "cat > \"$tmp\" || exit 1\n"
                + "[ \"$(sha256sum < \"$tmp\" | cut -d' ' -f1)\" = " + sha + " ] || { rm -f \"$tmp\"; echo 'content arrived incomplete (sha256 mismatch)' >&2; exit 3; }\n"
                + "sync \"$tmp\" 2>/dev/null || sync\n"
                + "chmod " + options.mode() + " \"$tmp\" || exit 1\n"
                + options.owner().map(o -> "chown " + o + " \"$tmp\" || exit 1\n").orElse("")
                + "mv -f \"$tmp\" \"$t\" || exit 1\n"
                + "trap - EXIT\n";
        Command write = command(script, options.sudo()).asIdempotent();
        return withReconnect(write, () -> {
            Capture err = new Capture();
            int code;
            try (InputStream in = source.get()) {
                code = execute(write, in, OutputStream.nullOutputStream(), err);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (code != 0) {
                throw new ConnectorException("upload of " + remotePath + " to node " + host.describe() + " failed (exit " + code
                        + "): " + tail(err.text()) + "; the target was left untouched");
            }
            return new Transfer(Transfer.Outcome.SENT, size, sha);
        });
    }

    @Override
    public final Transfer download(String remotePath, Path local, FileOptions options) {
        requireAbsolute(remotePath);
        String source = Shell.quote(remotePath);
        ExecResult probe = exec(command("t=" + source + "; [ -f \"$t\" ] || exit 44; sha256sum < \"$t\" | cut -d' ' -f1", options.sudo())
                .asIdempotent());
        if (probe.exitCode() == 44) {
            throw new ConnectorException("cannot download " + remotePath + " from node " + host.describe() + ": no such file");
        }
        if (!probe.ok()) {
            throw new ConnectorException("cannot read " + remotePath + " on node " + host.describe() + ": " + tail(probe.stderr()));
        }
        String sha = probe.stdout().strip();
        try {
            Path dir = local.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            if (Files.isRegularFile(local) && sha256(local).equals(sha)) {
                Files.setPosixFilePermissions(local, PosixFilePermissions.fromString(permissions(options.mode())));
                return new Transfer(Transfer.Outcome.SKIPPED, 0, sha);
            }
            Command read = command("cat " + source, options.sudo()).asIdempotent();
            Path tmp = Files.createTempFile(dir, "." + local.getFileName(), ".kubexm");
            try {
                long bytes = withReconnect(read, () -> receive(read, tmp));
                String received = sha256(tmp);
                if (!received.equals(sha)) {
                    throw new ConnectorException("download of " + remotePath + " from node " + host.describe()
                            + " arrived with sha256 " + received + " instead of " + sha + " (the file changed while it was read?); run again");
                }
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString(permissions(options.mode())));
                try {
                    Files.move(tmp, local, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, local, StandardCopyOption.REPLACE_EXISTING);
                }
                return new Transfer(Transfer.Outcome.SENT, bytes, sha);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new ConnectorException("cannot write " + local + " while downloading " + remotePath + " from node "
                    + host.describe() + ": " + e, e);
        }
    }

    private long receive(Command read, Path tmp) {
        Capture err = new Capture();
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
             Counting out = new Counting(java.nio.channels.Channels.newOutputStream(channel))) {
            int code = execute(read, InputStream.nullInputStream(), out, err);
            if (code != 0) {
                throw new ConnectorException("reading " + read.script() + " on node " + host.describe() + " failed: " + tail(err.text()));
            }
            out.flush();
            channel.force(true);
            return out.count;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Wraps the script in {@code LANG=C}, the remote timeout and sudo, then runs it. When the
     * calling thread is interrupted, the command's process group is killed on the node before
     * this throws {@link CommandCancelledException}.
     */
    private int execute(Command command, InputStream stdin, OutputStream stdout, OutputStream stderr) {
        long seconds = Math.max(1, (command.timeout().toMillis() + 999) / 1000);
        // coreutils timeout puts itself and the script into a new process group and signals that
        // group, so children of the script die too. The tag in the first line of the script finds
        // that group again to cancel it. The sbin directories are added because non-root logins
        // often lack them (sysctl, modprobe, ss).
        String tag = RUN_TAG + HexFormat.of().formatHex(randomBytes(8));
        String timed = "exec timeout -k " + KILL_AFTER_SECONDS + " " + seconds + " sh -c "
                + Shell.quote("# " + tag + "\nLANG=C; LC_ALL=C; PATH=$PATH:/usr/local/sbin:/usr/sbin:/sbin; export LANG LC_ALL PATH\n"
                        + command.script());
        String line = timed;
        InputStream input = stdin;
        if (command.sudo() && !runsAsRoot()) {
            switch (sudo()) {
                case PASSWORDLESS -> line = "exec sudo -n -- " + timed.substring("exec ".length());
                case WITH_PASSWORD -> {
                    // -k: always ask, so sudo reliably consumes exactly the password line from stdin.
                    line = "exec sudo -S -p '' -k -- " + timed.substring("exec ".length());
                    input = new SequenceInputStream(passwordLine(), stdin);
                }
            }
        }
        long started = System.nanoTime();
        int code;
        try {
            code = runShell(line, input, stdout, stderr, command.timeout().plus(CLIENT_GRACE));
        } catch (InterruptedException e) {
            throw cancelled(command, tag);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if ((code == 124 || code == 137) && took.compareTo(command.timeout()) >= 0) {
            throw timedOut(command);
        }
        return code;
    }

    /**
     * Kills the process group of an abandoned command over a fresh channel (as root when the
     * command ran under sudo): TERM, then KILL for what is left after 3 seconds. The thread's
     * interrupt flag is cleared meanwhile, so that this command can run, and set again after.
     */
    private CommandCancelledException cancelled(Command command, String tag) {
        String what = "`" + Shell.summary(command.script()) + "` on node " + host.describe();
        // [x]: the pattern does not match the command line of the script that carries it.
        // `kill -SIG -PGID` without `--`: dash's kill refuses `--`.
        String pattern = Shell.quote("^timeout .*# " + tag.substring(0, tag.length() - 1) + "[" + tag.charAt(tag.length() - 1) + "]");
        String stop = "command -v pgrep >/dev/null || { echo 'pgrep is missing (install procps)' >&2; exit 2; }\n"
                // a command interrupted right after its channel opened may not have exec'd timeout yet
                + "groups=$(pgrep -f " + pattern + ") || { sleep 0.5; groups=$(pgrep -f " + pattern + "); } || exit 0\n"
                + "for g in $groups; do kill -TERM -$g 2>/dev/null; done\n"
                + "alive() { for g in $groups; do kill -0 -$g 2>/dev/null && return 0; done; return 1; }\n"
                + "i=0; while alive && [ $i -lt 30 ]; do sleep 0.1; i=$((i+1)); done\n"
                + "for g in $groups; do kill -KILL -$g 2>/dev/null; done\n"
                + "sleep 0.2; ! alive || { echo \"process group(s) $groups survived SIGKILL\" >&2; exit 1; }\n";
        Thread.interrupted();
        try {
            Capture err = new Capture();
            Command kill = command(stop, command.sudo()).withTimeout(Duration.ofSeconds(30));
            int code = execute(kill, InputStream.nullInputStream(), OutputStream.nullOutputStream(), err);
            if (code != 0) {
                return new CommandCancelledException(what + " was cancelled, but stopping it failed: " + tail(err.text())
                        + "; find it with `pgrep -af " + tag + "` on the node and kill it");
            }
            return new CommandCancelledException(what + " was cancelled and stopped (its process group was killed)");
        } catch (ConnectorException e) {
            return new CommandCancelledException(what + " was cancelled, but stopping it failed: " + e.getMessage()
                    + "; find it with `pgrep -af " + tag + "` on the node and kill it");
        } finally {
            Thread.currentThread().interrupt();
        }
    }

    CommandTimeoutException timedOut(Command command) {
        return new CommandTimeoutException("`" + Shell.summary(command.script()) + "` on node " + host.describe()
                + " ran longer than " + command.timeout().toSeconds() + "s and was killed with everything it started;"
                + " check why it hangs or raise the step timeout");
    }

    private InputStream passwordLine() {
        Secret password = host.sudoPassword().orElseThrow();
        return new ByteArrayInputStream((password.reveal() + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Sudo sudo() {
        synchronized (sudoLock) {
            if (sudo == null) {
                sudo = probeSudo();
            }
            return sudo;
        }
    }

    private byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }

    private Sudo probeSudo() {
        try {
            return probeSudoRights();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CommandCancelledException("checking sudo on node " + host.describe() + " was cancelled");
        }
    }

    private Sudo probeSudoRights() throws InterruptedException {
        Duration limit = Duration.ofSeconds(30);
        Capture err = new Capture();
        if (runShell("sudo -n -k true", InputStream.nullInputStream(), OutputStream.nullOutputStream(), err, limit) == 0) {
            return Sudo.PASSWORDLESS;
        }
        String hint = "make sure user " + host.user() + " has sudo rights (passwordless, or set the sudo password)";
        if (host.sudoPassword().isPresent()) {
            Capture out = new Capture();
            err = new Capture();
            int code = runShell("sudo -S -p '' -k -- whoami", passwordLine(), out, err, limit);
            if (code == 0 && out.text().strip().equals("root")) {
                return Sudo.WITH_PASSWORD;
            }
            hint = "the sudo password was refused or user " + host.user() + " may not use sudo; " + hint;
        }
        if (err.text().contains("tty")) {
            // old RHEL/CentOS sudoers: commands without a terminal are refused
            hint += "; sudo demands a terminal there: remove 'Defaults requiretty' from /etc/sudoers";
        }
        throw new ConnectorException("'sudo whoami' failed on " + host.name() + ": " + hint);
    }

    private <T> T withReconnect(Command command, Supplier<T> attempt) {
        for (int tries = 0; ; tries++) {
            try {
                return attempt.get();
            } catch (ConnectionDroppedException e) {
                if (!command.idempotent()) {
                    throw new ConnectorException(e.getMessage() + " while running `" + Shell.summary(command.script())
                            + "`; it is not safe to repeat automatically, so check the node and run again", e);
                }
                if (tries >= RETRIES_AFTER_DROP) {
                    throw new ConnectorException(e.getMessage() + "; gave up after " + (tries + 1) + " attempts", e);
                }
            }
        }
    }

    private Command command(String script, boolean asRoot) {
        Command c = Command.of(script);
        return asRoot ? c.asSudo() : c;
    }

    private void requireAbsolute(String path) {
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("remote path must be absolute, got '" + path + "' for node " + host.name());
        }
    }

    private static boolean ownerMatches(String wanted, String actualUserGroup) {
        return wanted.contains(":") ? wanted.equals(actualUserGroup) : actualUserGroup.startsWith(wanted + ":");
    }

    private static String permissions(String octal) {
        int mode = Integer.parseInt(octal, 8) & 0777;
        String letters = "rwxrwxrwx";
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            s.append((mode & (1 << (8 - i))) != 0 ? letters.charAt(i) : '-');
        }
        return s.toString();
    }

    static String tail(String text) {
        String t = text.strip();
        return t.length() > 2000 ? "..." + t.substring(t.length() - 2000) : t.isEmpty() ? "(no output)" : t;
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(sha256Digest().digest(content));
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Keeps up to {@link #CAPTURE_LIMIT} bytes and remembers whether there was more. */
    private static final class Capture extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private boolean overflowed;

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            int room = CAPTURE_LIMIT - bytes.size();
            if (len > room) {
                overflowed = true;
            }
            bytes.write(b, off, Math.min(len, Math.max(room, 0)));
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    /** Counts what passes through, to tell whether output already reached the caller. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }
    }
}
