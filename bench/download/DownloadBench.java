import io.kubexm.artifacts.Arch;
import io.kubexm.artifacts.DownloadReport;
import io.kubexm.artifacts.Downloader;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.Mirror;
import io.kubexm.artifacts.Verification;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Times kubexm's downloader fetching and verifying every file under https://bench.local/files/
 * (served from the loopback mirror given as the first argument) with the upstream .sha256 beside each.
 * Arguments: MIRROR_BASE FILE_COUNT OUTPUT_DIR PARALLELISM
 */
public class DownloadBench {
    public static void main(String[] args) {
        String mirror = args[0];
        int count = Integer.parseInt(args[1]);
        Path out = Path.of(args[2]);
        int parallel = Integer.parseInt(args[3]);
        List<FileArtifact> files = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            String url = "https://bench.local/files/f" + String.format("%02d", i) + ".bin";
            files.add(new FileArtifact("bench" + i, "v1", Optional.of(Arch.AMD64), url,
                    new Verification.Sidecar(url + ".sha256")));
        }
        Downloader d = new Downloader(new Downloader.Options(parallel, 3, Duration.ofMillis(200), Duration.ofSeconds(60),
                Mirror.of(mirror), Optional.empty()), e -> { });
        long start = System.nanoTime();
        DownloadReport r = d.download(files, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (!r.ok()) {
            System.err.println(r.summary());
            System.exit(1);
        }
        System.out.printf("%.2f%n", seconds);
    }
}
