package io.kubexm.ops.build;

import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** `build/NAME/manifest.json`: per node (sorted) every file (sorted by path) with mode, owner and sha256. */
public record Manifest(String cluster, Map<String, List<Entry>> nodes) {

    public record Entry(String path, String kind, String mode, String owner, String sha256) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    private static final ObjectWriter PRETTY = JSON.writer(new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    public static Manifest of(String cluster, Collection<NodeFile> files) {
        Map<String, List<Entry>> nodes = new TreeMap<>();
        files.stream()
                .sorted(Comparator.comparing(NodeFile::node).thenComparing(NodeFile::path))
                .forEach(f -> nodes.computeIfAbsent(f.node(), n -> new ArrayList<>()).add(new Entry(
                        f.path(), f.kind().name().toLowerCase(Locale.ROOT), f.modeOctal(), f.owner(), f.sha256())));
        return new Manifest(cluster, nodes);
    }

    public static Optional<Manifest> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), Manifest.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage()
                    + "; remove it to rebuild the manifest from scratch", e);
        }
    }

    public String toJson() {
        try {
            return PRETTY.writeValueAsString(this) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
