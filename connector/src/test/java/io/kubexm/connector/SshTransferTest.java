package io.kubexm.connector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.connector.testing.SshFixture;
import io.kubexm.connector.testing.TestSshd;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic, checksummed uploads and downloads against a real OpenSSH server. */
class SshTransferTest {
    @TempDir
    static Path dir;
    static SshFixture lab;
    static Path big;
    SshConnectors pool;
    Path remote;

    @BeforeAll
    static void startServer() throws IOException {
        lab = SshFixture.start(dir);
        big = dir.resolve("big.bin");
        writeRandom(big, 200L << 20);
    }

    @AfterAll
    static void stopServer() {
        lab.close();
    }

    @BeforeEach
    void openPool() throws IOException {
        pool = lab.pool();
        remote = Files.createTempDirectory(dir, "remote");
        Files.setPosixFilePermissions(remote, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void closePool() {
        pool.close();
    }

    @Test
    void twoHundredMebibytesArriveIntactAndAreNotSentAgain() throws Exception {
        Connector node = pool.connector(lab.sudoer());
        String target = remote.resolve("big.bin").toString();
        long beforeFirst = bytesReceivedBySshd();
        Transfer first = node.upload(big, target, FileOptions.defaults().withMode("0640").withOwner(lab.users.plain.name()));
        assertThat(bytesReceivedBySshd() - beforeFirst).as("the measure sees a real upload").isGreaterThan(200L << 20);
        assertThat(first.outcome()).isEqualTo(Transfer.Outcome.SENT);
        assertThat(first.bytesSent()).isEqualTo(200L << 20);
        String remoteSha = TestSshd.Sh.run("sha256sum", target).split(" ")[0];
        assertThat(remoteSha).isEqualTo(first.sha256()).isEqualTo(TestSshd.Sh.run("sha256sum", big.toString()).split(" ")[0]);
        assertThat(TestSshd.Sh.run("stat", "-c", "%a %U", target)).isEqualTo("640 " + lab.users.plain.name() + "\n");
        Object inode = Files.getAttribute(Path.of(target), "unix:ino");
        var modified = Files.getLastModifiedTime(Path.of(target));

        // measured on the server's sockets, not by the client's own account
        long readBefore = bytesReceivedBySshd();
        Transfer second = node.upload(big, target, FileOptions.defaults().withMode("0640").withOwner(lab.users.plain.name()));
        long readBySshd = bytesReceivedBySshd() - readBefore;
        assertThat(second.outcome()).isEqualTo(Transfer.Outcome.SKIPPED);
        assertThat(second.bytesSent()).isZero();
        assertThat(readBySshd).as("bytes sshd received during the skipped upload").isLessThan(1L << 20);
        assertThat(Files.getAttribute(Path.of(target), "unix:ino")).as("same file, not rewritten").isEqualTo(inode);
        assertThat(Files.getLastModifiedTime(Path.of(target))).isEqualTo(modified);
    }

    @Test
    void skippedUploadStillFixesModeAndOwner() {
        Connector node = pool.connector(lab.root());
        String target = remote.resolve("conf").toString();
        node.upload("a=1\n".getBytes(), target, FileOptions.defaults());
        Transfer again = node.upload("a=1\n".getBytes(), target, FileOptions.defaults().withMode("0600").withOwner(lab.users.sudoer.name()));
        assertThat(again.outcome()).isEqualTo(Transfer.Outcome.ATTRIBUTES_FIXED);
        assertThat(TestSshd.Sh.run("stat", "-c", "%a %U", target)).isEqualTo("600 " + lab.users.sudoer.name() + "\n");
        assertThat(node.upload("a=1\n".getBytes(), target, FileOptions.defaults().withMode("0600").withOwner(lab.users.sudoer.name())).outcome())
                .isEqualTo(Transfer.Outcome.SKIPPED);
    }

    @Test
    void changedContentReplacesTheFile() throws IOException {
        Connector node = pool.connector(lab.root());
        String target = remote.resolve("conf").toString();
        node.upload("a=1\n".getBytes(), target, FileOptions.defaults());
        assertThat(node.upload("a=2\n".getBytes(), target, FileOptions.defaults()).outcome()).isEqualTo(Transfer.Outcome.SENT);
        assertThat(Files.readString(Path.of(target))).isEqualTo("a=2\n");
    }

    @Test
    void aFailedUploadLeavesNoPartialFile() throws Exception {
        Connector node = pool.connector(lab.root());
        Path target = remote.resolve("interrupted.bin");
        Files.writeString(target, "old content\n");
        Object inode = Files.getAttribute(target, "unix:ino");
        CompletableFuture<Transfer> upload = CompletableFuture.supplyAsync(() -> node.upload(big, target.toString(), FileOptions.defaults()));
        // wait until the temp file next to the target is growing, then cut the connection
        long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (tempFiles().findAny().isEmpty() && System.nanoTime() < until) {
            Thread.sleep(20);
        }
        assertThat(tempFiles().findAny()).as("transfer started").isPresent();
        node.close();
        assertThatThrownBy(upload::join).hasCauseInstanceOf(ConnectorException.class);
        until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (tempFiles().findAny().isPresent() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        assertThat(target).hasContent("old content");
        assertThat(Files.getAttribute(target, "unix:ino")).as("the old file, not a replacement").isEqualTo(inode);
        assertThat(tempFiles()).as("temp file removed").isEmpty();
    }

    @Test
    void uploadIntoAMissingDirectoryFailsClearly() {
        Connector node = pool.connector(lab.root());
        String target = remote.resolve("no/such/dir/file").toString();
        assertThatThrownBy(() -> node.upload("x".getBytes(), target, FileOptions.defaults()))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("upload of " + target + " to node node-root (127.0.0.1:" + lab.sshd.port() + ") failed")
                .hasMessageContaining("the target was left untouched");
        assertThat(Path.of(target)).doesNotExist();
    }

    @Test
    void loginUserWritesWithoutSudo() {
        Connector node = pool.connector(lab.sudoerWithPassword());
        Path home = Path.of("/home", lab.users.sudoerWithPassword.name());
        String target = home.resolve("mine.txt").toString();
        node.upload("hello\n".getBytes(), target, FileOptions.defaults().asLoginUser());
        assertThat(TestSshd.Sh.run("stat", "-c", "%U %a", target)).isEqualTo(lab.users.sudoerWithPassword.name() + " 644\n");
    }

    @Test
    void downloadIsVerifiedAtomicAndSkippedWhenEqual() throws Exception {
        Connector node = pool.connector(lab.sudoerWithPassword());
        Path secret = remote.resolve("root-only.key");
        Files.writeString(secret, "private\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
        Path local = dir.resolve("downloads/root-only.key");
        Transfer first = node.download(secret.toString(), local, FileOptions.defaults().withMode("0600"));
        assertThat(first.outcome()).isEqualTo(Transfer.Outcome.SENT);
        assertThat(local).hasContent("private");
        assertThat(Files.getPosixFilePermissions(local)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(node.download(secret.toString(), local, FileOptions.defaults().withMode("0600")).skipped()).isTrue();
        assertThatThrownBy(() -> node.download(remote.resolve("absent").toString(), local, FileOptions.defaults()))
                .hasMessageContaining("no such file");
        try (Stream<Path> files = Files.list(local.getParent())) {
            assertThat(files).containsExactly(local);
        }
    }

    /** Bytes the server's TCP sockets of this sshd received (tcp_info bytes_received, from ss). */
    private static long bytesReceivedBySshd() {
        String ss = TestSshd.Sh.run("ss", "-tinH", "state", "established", "( sport = :" + lab.sshd.port() + " )");
        return java.util.regex.Pattern.compile("bytes_received:(\\d+)").matcher(ss).results()
                .mapToLong(m -> Long.parseLong(m.group(1))).sum();
    }

    private Stream<Path> tempFiles() throws IOException {
        try (Stream<Path> files = Files.list(remote)) {
            return files.filter(p -> p.getFileName().toString().contains(".kubexm.")).toList().stream();
        }
    }

    private static void writeRandom(Path file, long size) throws IOException {
        Random random = new Random(42);
        byte[] block = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long written = 0; written < size; written += block.length) {
                random.nextBytes(block);
                out.write(block);
            }
        }
    }
}
