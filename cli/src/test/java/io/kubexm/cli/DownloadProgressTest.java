package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.artifacts.DownloadEvent;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.Verification;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class DownloadProgressTest {
    private final FileArtifact etcd = new FileArtifact("etcd", "v3.5.21", Optional.of(Arch.ARM64),
            "https://github.com/etcd-io/etcd/releases/download/v3.5.21/etcd-v3.5.21-linux-arm64.tar.gz",
            new Verification.TrustOnFirstUse());

    @Test
    void aTerminalGetsBarsPerFileAndInTotalRedrawnInPlace() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Consumer<DownloadEvent> bars = DownloadProgress.forOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), true, 2);
        bars.accept(new DownloadEvent.Started(etcd, 0, 4 << 20));
        bars.accept(new DownloadEvent.Retrying(etcd, 1, Duration.ofSeconds(1), "transfer broke off"));
        // (progress redraws are throttled to five a second, so this one may or may not show)
        bars.accept(new DownloadEvent.Progress(etcd, 2 << 20, 4 << 20));
        bars.accept(new DownloadEvent.Done(etcd, 4 << 20, "ab".repeat(32), false, Duration.ofSeconds(2)));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("retry etcd v3.5.21 arm64", "in 1000 ms: transfer broke off")
                .contains("etcd-v3.5.21-linux-arm64.tar.gz          [........................]       0 B")
                .contains("ok      files/etcd/v3.5.21/arm64/etcd-v3.5.21-linux-arm64.tar.gz  4.0 MiB")
                .contains("total [############............] 1/2 files", "/s  ETA")
                .contains("\033[2F\033[J"); // the block of bars is redrawn in place
    }

    @Test
    void anythingElseGetsOneJsonObjectPerEvent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Consumer<DownloadEvent> json = DownloadProgress.forOutput(new PrintStream(bytes, true, StandardCharsets.UTF_8), false, 1);
        json.accept(new DownloadEvent.Progress(etcd, 1, 2));
        json.accept(new DownloadEvent.Failed(etcd, "sha256 mismatch for etcd"));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out.lines()).singleElement().asString()
                .contains("\"component\":\"etcd\"", "\"arch\":\"arm64\"", "\"event\":\"failed\"",
                        "\"message\":\"sha256 mismatch for etcd\"");
    }
}
