package io.kubexm.artifacts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code build/packages/bom.json}: every file of the bundle with its source, size and
 * sha256. Each download run merges what it fetched into it; entries whose file is gone
 * are dropped, so the manifest always describes what is on disk.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record BundleManifest(String generatedBy, List<FileEntry> files) {
    public static final String NAME = "bom.json";

    public BundleManifest {
        files = files == null ? List.of() : List.copyOf(files);
        generatedBy = generatedBy == null ? "kubexm" : generatedBy;
    }

    public record FileEntry(String path, String component, String version, String arch, String source,
                            long size, String sha256) {}

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public static BundleManifest read(Path packagesDir) throws IOException {
        Path file = packagesDir.resolve(NAME);
        if (!Files.isRegularFile(file)) {
            return new BundleManifest("kubexm", List.of());
        }
        return JSON.readValue(file.toFile(), BundleManifest.class);
    }

    /** Merges a download report into {@code packagesDir/bom.json}. */
    public static BundleManifest record(Path packagesDir, DownloadReport report) throws IOException {
        Map<String, FileEntry> byPath = new LinkedHashMap<>();
        for (FileEntry e : read(packagesDir).files()) {
            if (Files.isRegularFile(packagesDir.resolve(e.path()))) {
                byPath.put(e.path(), e);
            }
        }
        for (DownloadReport.Fetched f : report.fetched()) {
            FileArtifact a = f.file();
            byPath.put(a.relativePath(), new FileEntry(a.relativePath(), a.component(), a.version(), a.archLabel(),
                    a.url(), f.size(), f.sha256()));
        }
        List<FileEntry> files = new ArrayList<>(byPath.values());
        files.sort(Comparator.comparing(FileEntry::path));
        BundleManifest m = new BundleManifest("kubexm", files);
        Files.createDirectories(packagesDir);
        Path tmp = packagesDir.resolve(NAME + ".tmp");
        JSON.writeValue(tmp.toFile(), m);
        Files.move(tmp, packagesDir.resolve(NAME), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return m;
    }
}
