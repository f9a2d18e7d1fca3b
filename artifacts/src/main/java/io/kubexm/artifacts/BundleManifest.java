package io.kubexm.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.kubexm.artifacts.oci.ImagePuller;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * {@code build/packages/bom.json}: every file of the bundle with its source, size and
 * sha256, and every image with its digest and platforms. Each download run merges what it
 * fetched into it; file entries whose file is gone are dropped, so the manifest always
 * describes what is on disk.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BundleManifest(String generatedBy, List<FileEntry> files, List<ImageEntry> images, List<RepoEntry> repos) {
    public static final String NAME = "bom.json";

    public BundleManifest {
        generatedBy = generatedBy == null ? "kubexm" : generatedBy;
        files = files == null ? List.of() : List.copyOf(files);
        images = images == null ? List.of() : List.copyOf(images);
        repos = repos == null ? List.of() : List.copyOf(repos);
    }

    public BundleManifest(String generatedBy, List<FileEntry> files, List<ImageEntry> images) {
        this(generatedBy, files, images, List.of());
    }

    /** A file; {@code path} is relative to build/packages. */
    public record FileEntry(String path, String component, String version, String arch, String source,
                            long size, String sha256) {}

    /** An image of the OCI layout under images/, by its source reference. */
    public record ImageEntry(String reference, String digest, List<String> platforms) {}

    /** An OS package repository: where it is, what it was built for and from, and each package file in it. */
    public record RepoEntry(String path, String os, String arch, String family, int packageFiles,
                            List<String> requested, String source, List<PackageEntry> packages) {
        public RepoEntry {
            packages = packages == null ? List.of() : List.copyOf(packages);
        }
    }

    /** A .deb or .rpm of a repository: {@code file} relative to it, the upstream URL it came from, size and sha256. */
    public record PackageEntry(String file, String name, String source, long size, String sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static BundleManifest read(Path packagesDir) throws IOException {
        Path file = packagesDir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return new BundleManifest("kubexm", List.of(), List.of());
        }
        return JSON.readValue(file.toFile(), BundleManifest.class);
    }

    /** Merges the verified files of a download run into {@code packagesDir/bom.json}. */
    public static BundleManifest recordFiles(Path packagesDir, DownloadReport report) throws IOException {
        BundleManifest current = read(packagesDir);
        List<FileEntry> kept = current.files().stream().filter(e -> Files.isRegularFile(packagesDir.resolve(e.path())))
                .toList();
        List<FileEntry> fetched = report.fetched().stream().map(f -> new FileEntry(f.file().relativePath(),
                f.file().component(), f.file().version(), f.file().archLabel(), f.file().url(), f.size(), f.sha256()))
                .toList();
        return write(packagesDir, new BundleManifest("kubexm", merge(kept, fetched, FileEntry::path), current.images(),
                current.repos()));
    }

    /** Merges pulled images into {@code packagesDir/bom.json}. */
    public static BundleManifest recordImages(Path packagesDir, List<ImagePuller.Pulled> pulled) throws IOException {
        BundleManifest current = read(packagesDir);
        List<ImageEntry> added = pulled.stream().map(p -> new ImageEntry(p.reference(), p.digest(), p.platforms())).toList();
        return write(packagesDir, new BundleManifest("kubexm", current.files(),
                merge(current.images(), added, ImageEntry::reference), current.repos()));
    }

    /** Merges built OS package repositories into {@code packagesDir/bom.json}. */
    public static BundleManifest recordRepos(Path packagesDir, List<OsRepos.Built> built) throws IOException {
        BundleManifest current = read(packagesDir);
        List<RepoEntry> added = built.stream().map(b -> new RepoEntry(b.set().relativePath(), b.set().os(),
                b.set().arch().yaml(), b.set().family(), b.packages(), b.set().packages(), b.source(),
                b.files().stream().map(f -> new PackageEntry(f.file(), f.name(), f.source(), f.size(), f.sha256()))
                        .toList())).toList();
        return write(packagesDir, new BundleManifest("kubexm", current.files(), current.images(),
                merge(current.repos(), added, RepoEntry::path)));
    }

    /** {@code kept} with {@code added} replacing entries of the same key, sorted by key. */
    private static <T> List<T> merge(List<T> kept, List<T> added, Function<T, String> key) {
        Map<String, T> byKey = new TreeMap<>();
        kept.forEach(e -> byKey.put(key.apply(e), e));
        added.forEach(e -> byKey.put(key.apply(e), e));
        return List.copyOf(byKey.values());
    }

    private static BundleManifest write(Path packagesDir, BundleManifest m) throws IOException {
        Files.createDirectories(packagesDir);
        Path tmp = packagesDir.resolve(NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, packagesDir.resolve(NAME), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return m;
    }
}
