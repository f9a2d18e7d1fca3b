package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * The jmods of a JDK for the control node's architecture, from which jlink links the dist's
 * Java runtime when that architecture is not this machine's: a JDK links a runtime for its own
 * platform from its own image (JEP 493), but one for another platform only from that platform's
 * jmods, of the same feature release as the jlink. They come from the catalog's
 * {@value #COMPONENT} archive (Temurin's, verified by its upstream .sha256.txt), downloaded like
 * any file and unpacked once, or from a directory the operator gives.
 */
public final class Jmods {
    public static final String COMPONENT = "jdk-jmods";

    private Jmods() {
    }

    /** The catalog's jmods archive for {@code arch}, its URL pattern expanded (see catalog.yaml). */
    public static FileArtifact artifact(Catalog catalog, Arch arch) {
        Catalog.Source source = catalog.files().get(COMPONENT);
        if (source == null) {
            throw new IllegalArgumentException("the catalog has no '" + COMPONENT + "' entry: add one under files: in the"
                    + " versions file, or give the jmods with --jdk-jmods DIR");
        }
        String version = catalog.version(source.versionKey().orElse(COMPONENT));
        String url = expand(source.url(), version, arch, "");
        Verification v = catalog.pinned(COMPONENT, arch, version).<Verification>map(Verification.Pinned::new)
                .orElseGet(() -> switch (source.checksum()) {
                    case Catalog.ChecksumRule.Sidecar s -> new Verification.Sidecar(expand(s.urlPattern(), version, arch, url));
                    case Catalog.ChecksumRule.Sums s -> new Verification.Sums(expand(s.urlPattern(), version, arch, url));
                    case Catalog.ChecksumRule.TrustOnFirstUse t -> new Verification.Unknown(); // a runtime is never trusted blindly
                    case Catalog.ChecksumRule.PinnedOnly p -> new Verification.Unknown();
                });
        return new FileArtifact(COMPONENT, version, Optional.of(arch), url, v);
    }

    private static String expand(String pattern, String version, Arch arch, String url) {
        return pattern.replace("{url}", url)
                .replace("{tag}", "jdk-" + version.replace("+", "%2B"))
                .replace("{release}", version.replace('+', '_'))
                .replace("{feature}", version.split("[.+]")[0])
                .replace("{jdkarch}", arch == Arch.AMD64 ? "x64" : "aarch64");
    }

    /**
     * Downloads the catalog's jmods archive for {@code arch} under {@code cacheDir} (verified; kept, so a
     * second dist fetches nothing) and unpacks it once; returns the directory holding java.base.jmod.
     */
    public static Path fetch(Catalog catalog, Arch arch, Downloader.Options options, Path cacheDir) throws IOException {
        FileArtifact jmods = artifact(catalog, arch);
        DownloadReport report = new Downloader(options, e -> { }).download(List.of(jmods), cacheDir);
        if (!report.ok()) {
            throw new IOException(report.failures().getFirst().message());
        }
        DownloadReport.Fetched archive = report.fetched().getFirst();
        Path file = cacheDir.resolve(jmods.relativePath());
        Path unpacked = file.resolveSibling("unpacked-" + archive.sha256().substring(0, 16));
        if (!Files.isDirectory(unpacked)) {
            Path tmp = file.resolveSibling(unpacked.getFileName() + ".tmp");
            deleteTree(tmp);
            untar(file, tmp);
            Files.move(tmp, unpacked, StandardCopyOption.ATOMIC_MOVE);
        }
        return locate(unpacked);
    }

    /** The directory under {@code dir} (itself, or one level down as in Temurin's archive) holding java.base.jmod. */
    public static Path locate(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve("java.base.jmod"))) {
            return dir;
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> s = Files.list(dir)) {
                Optional<Path> nested = s.filter(p -> Files.isRegularFile(p.resolve("java.base.jmod"))).findFirst();
                if (nested.isPresent()) {
                    return nested.get();
                }
            }
        }
        throw new IllegalArgumentException("no java.base.jmod in " + dir + ": give the directory of a JDK's jmods"
                + " (Temurin's OpenJDK<N>U-jmods_<arch>_linux_hotspot_*.tar.gz unpacked, or a JDK's jmods/)");
    }

    /** java.base's version in a jmods directory, from the module-info.class in java.base.jmod ("JM" 1 0, then a zip). */
    public static Runtime.Version javaBaseVersion(Path jmodsDir) throws IOException {
        Path jmod = jmodsDir.resolve("java.base.jmod");
        try (InputStream in = new BufferedInputStream(Files.newInputStream(jmod))) {
            byte[] magic = in.readNBytes(4);
            if (magic.length < 4 || magic[0] != 'J' || magic[1] != 'M') {
                throw new IllegalArgumentException(jmod + " is not a JMOD file");
            }
            ZipInputStream zip = new ZipInputStream(in);
            for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                if (e.getName().equals("classes/module-info.class")) {
                    String raw = ModuleDescriptor.read(zip).rawVersion().orElseThrow(() ->
                            new IllegalArgumentException(jmod + " names no version"));
                    return Runtime.Version.parse(raw);
                }
            }
        }
        throw new IllegalArgumentException(jmod + " has no classes/module-info.class");
    }

    private static void untar(Path archive, Path into) throws IOException {
        Files.createDirectories(into);
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                Path target = into.resolve(e.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException(archive + ": entry " + e.getName() + " points outside the archive");
                }
                if (e.isDirectory()) {
                    Files.createDirectories(target);
                } else if (e.isFile()) {
                    Files.createDirectories(target.getParent());
                    Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path x : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(x);
            }
        }
    }
}
