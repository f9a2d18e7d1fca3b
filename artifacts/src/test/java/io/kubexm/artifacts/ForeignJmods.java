package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;

/**
 * arm64 jmods for the tests that link an arm64 dist on this amd64 machine: Debian's arm64 OpenJDK of
 * the running JDK's feature release, cached by scripts/arm64-jdk.sh (with an arm64 sysroot for qemu),
 * and published in Temurin's archive shape at the catalog's upstream path below a mirror root.
 */
public final class ForeignJmods {
    private ForeignJmods() {
    }

    /** The cache scripts/arm64-jdk.sh fills: {@code jmods/} and {@code sysroot/}. */
    public static Path arm64Cache() {
        int feature = Runtime.version().feature();
        Path cache = Path.of("/var/cache/kubexm/arm64-jdk-" + feature);
        assertThat(cache.resolve("jmods/java.base.jmod")).as("Debian's arm64 JDK: run scripts/install-test-deps.sh"
                + " (scripts/arm64-jdk.sh " + feature + ")").exists();
        return cache;
    }

    /**
     * Writes the catalog's arm64 jmods archive (top directory {@code jdk-<version>-jmods/}) and its
     * {@code .sha256.txt} below {@code root} at {@code HOST/PATH} of its upstream URL, as a mirror keeps them.
     */
    public static void publishArm64(Catalog catalog, Path root) throws Exception {
        FileArtifact artifact = Jmods.artifact(catalog, Arch.ARM64);
        URI upstream = URI.create(artifact.url());
        Path served = root.resolve(upstream.getHost() + upstream.getPath());
        Files.createDirectories(served.getParent());
        try (TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(served)));
             var jmods = Files.list(arm64Cache().resolve("jmods"))) {
            for (Path jmod : jmods.sorted().toList()) {
                TarArchiveEntry e = new TarArchiveEntry("jdk-" + artifact.version() + "-jmods/" + jmod.getFileName());
                e.setSize(Files.size(jmod));
                out.putArchiveEntry(e);
                Files.copy(jmod, out);
                out.closeArchiveEntry();
            }
        }
        Files.writeString(served.resolveSibling(served.getFileName() + ".sha256.txt"),
                Digests.sha256(served) + "  " + served.getFileName() + "\n");
    }
}
