package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The control node behaves like an SSH node: same shell, locale, timeouts and transfers. */
class LocalConnectorTest {
    @TempDir
    Path dir;
    final Connector local = LocalConnector.controlNode();

    @Test
    void execKeepsStreamsApartInTheCLocale() {
        assertThat(local.exec(Command.of("echo \"$LANG\"; echo e >&2; exit 3"))).isEqualTo(new ExecResult(3, "C\n", "e\n"));
    }

    @Test
    void timeoutKillsTheProcessTree() throws Exception {
        Path pidFile = dir.resolve("pid");
        assertThatThrownBy(() -> local.exec(Command.of("sleep 600 & echo $! > " + pidFile + "; wait").withTimeout(Duration.ofSeconds(1))))
                .isInstanceOf(CommandTimeoutException.class)
                .hasMessageContaining("ran longer than 1s and was killed");
        long pid = Long.parseLong(Files.readString(pidFile).strip());
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && System.nanoTime() < until) {
            Thread.sleep(100);
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    @Test
    void aCommandNotReadingAnEndlessInputStillMeetsItsDeadline() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'y';
            }
        };
        assertThatThrownBy(() -> local.stream(Command.of("sleep 600").withTimeout(Duration.ofSeconds(1)), endless,
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream()))
                .isInstanceOf(CommandTimeoutException.class);
    }

    @Test
    void anInterruptedCommandIsStopped() throws Exception {
        Path pidFile = dir.resolve("cancel.pid");
        SshExecTest.assertCancelStopsTheSleeper(local, Command.of("sleep 600 & echo $! > " + pidFile + "; wait"), pidFile, "localhost");
    }

    @Test
    void uploadAndDownloadAreAtomicAndSkippedWhenEqual() throws Exception {
        Path target = dir.resolve("etc/app.conf");
        Files.createDirectories(target.getParent());
        assertThat(local.upload("v=1\n".getBytes(), target.toString(), FileOptions.defaults().withMode("0600")).outcome())
                .isEqualTo(Transfer.Outcome.SENT);
        assertThat(target).hasContent("v=1");
        assertThat(Files.getPosixFilePermissions(target)).hasToString("[OWNER_READ, OWNER_WRITE]");
        assertThat(local.upload("v=1\n".getBytes(), target.toString(), FileOptions.defaults().withMode("0600")).skipped()).isTrue();
        Path copy = dir.resolve("copy/app.conf");
        assertThat(local.download(target.toString(), copy, FileOptions.defaults()).outcome()).isEqualTo(Transfer.Outcome.SENT);
        assertThat(copy).hasContent("v=1");
        assertThat(local.download(target.toString(), copy, FileOptions.defaults()).skipped()).isTrue();
        try (var files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }
}
