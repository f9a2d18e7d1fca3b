package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubexm.api.Arch;
import io.kubexm.artifacts.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * An OCI image layout directory (oci-layout, index.json, blobs/sha256/...). Each image is
 * an entry of index.json annotated with {@code org.opencontainers.image.ref.name} set to
 * its full source reference, so one layout holds every image of the bundle and tools such
 * as skopeo read it as {@code oci:DIR:REFERENCE}.
 */
public final class OciLayout {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An image of the layout: its reference and the descriptor of its top manifest or index. */
    public record Entry(String reference, String mediaType, String digest, long size) {}

    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** Opens the layout at {@code dir}, creating an empty one when there is none. */
    public static OciLayout open(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("blobs/sha256"));
        Path marker = dir.resolve("oci-layout");
        if (!Files.exists(marker)) {
            Files.writeString(marker, "{\"imageLayoutVersion\":\"1.0.0\"}");
        }
        if (!Files.exists(dir.resolve("index.json"))) {
            ObjectNode index = JSON.createObjectNode();
            index.put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX).putArray("manifests");
            write(dir.resolve("index.json"), JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(index));
        }
        return new OciLayout(dir);
    }

    public Path dir() {
        return dir;
    }

    public Path blobPath(String digest) {
        if (!digest.startsWith("sha256:")) {
            throw new IllegalArgumentException("unsupported digest algorithm in " + digest);
        }
        return dir.resolve("blobs/sha256").resolve(digest.substring(7));
    }

    public boolean hasBlob(String digest) {
        return Files.isRegularFile(blobPath(digest));
    }

    public byte[] readBlob(String digest) throws IOException {
        return Files.readAllBytes(blobPath(digest));
    }

    /** Stores bytes as a blob and returns their digest. */
    public String writeBlob(byte[] bytes) throws IOException {
        String digest = "sha256:" + Digests.sha256(bytes);
        Path p = blobPath(digest);
        if (!Files.exists(p)) {
            write(p, bytes);
        }
        return digest;
    }

    public synchronized List<Entry> entries() throws IOException {
        List<Entry> out = new ArrayList<>();
        for (JsonNode m : JSON.readTree(dir.resolve("index.json").toFile()).path("manifests")) {
            String ref = m.path("annotations").path(REF_NAME).asText("");
            if (!ref.isEmpty()) {
                out.add(new Entry(ref, m.path("mediaType").asText(), m.path("digest").asText(), m.path("size").asLong()));
            }
        }
        return out;
    }

    /** Whether the layout holds the entry's manifest, a child for every needed platform, and every blob. */
    public boolean holds(Entry entry, List<Arch> platforms) throws IOException {
        if (!hasBlob(entry.digest())) {
            return false;
        }
        if (!MediaTypes.isIndex(entry.mediaType())) {
            if (!imageComplete(entry.digest())) {
                return false;
            }
            // A single-platform image serves only the platform its config names.
            JsonNode config = JSON.readTree(readBlob(blobs(readBlob(entry.digest())).getFirst()));
            String have = config.path("os").asText("linux") + "/" + config.path("architecture").asText("unknown");
            return platforms.stream().allMatch(a -> have.equals("linux/" + a.yaml()));
        }
        List<String> have = new ArrayList<>();
        for (JsonNode m : JSON.readTree(readBlob(entry.digest())).path("manifests")) {
            if (!imageComplete(m.path("digest").asText())) {
                return false;
            }
            have.add(m.path("platform").path("os").asText() + "/" + m.path("platform").path("architecture").asText());
        }
        return platforms.stream().allMatch(a -> have.contains("linux/" + a.yaml()));
    }

    private boolean imageComplete(String digest) throws IOException {
        if (!hasBlob(digest)) {
            return false;
        }
        return blobs(readBlob(digest)).stream().allMatch(this::hasBlob);
    }

    /** The blobs an image manifest names: its config, then its layers. */
    static List<String> blobs(byte[] imageManifest) throws IOException {
        JsonNode n = JSON.readTree(imageManifest);
        List<String> out = new ArrayList<>();
        out.add(n.path("config").path("digest").asText());
        n.path("layers").forEach(l -> out.add(l.path("digest").asText()));
        return out;
    }

    /** Points {@code reference} at a manifest or index, replacing what it pointed at. */
    public synchronized void tag(Entry entry) throws IOException {
        ObjectNode index = (ObjectNode) JSON.readTree(dir.resolve("index.json").toFile());
        ArrayNode kept = JSON.createArrayNode();
        for (JsonNode m : index.path("manifests")) {
            if (!m.path("annotations").path(REF_NAME).asText("").equals(entry.reference())) {
                kept.add(m);
            }
        }
        ObjectNode d = kept.addObject();
        d.put("mediaType", entry.mediaType()).put("digest", entry.digest()).put("size", entry.size());
        d.putObject("annotations").put(REF_NAME, entry.reference());
        index.set("manifests", kept);
        write(dir.resolve("index.json"), JSON.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(index));
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
