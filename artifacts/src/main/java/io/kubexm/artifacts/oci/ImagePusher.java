package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pushes every image of an OCI layout into one registry under its relocated name.
 * Idempotent: an image whose tag already has the same digest is left alone, and a blob
 * the repository already holds is never sent again; one held by another repository of the
 * registry is mounted instead of uploaded.
 */
public final class ImagePusher {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Upload chunk size: big enough to keep requests few, small enough to bound memory. */
    public static final int DEFAULT_CHUNK = 8 << 20;

    /** Per image: where it went and what it took. */
    public record Pushed(String source, String target, String digest, boolean unchanged,
                         int blobsUploaded, int blobsMounted, int blobsPresent) {}

    private final OciLayout layout;
    private final RegistryClient registry;
    private final Optional<String> namespaceOverride;
    private final int chunkSize;
    /** Blob digest to a repository of the target registry that holds it, for mounts. */
    private final Map<String, String> placed = new HashMap<>();

    public ImagePusher(OciLayout layout, RegistryClient registry, Optional<String> namespaceOverride) {
        this(layout, registry, namespaceOverride, DEFAULT_CHUNK);
    }

    public ImagePusher(OciLayout layout, RegistryClient registry, Optional<String> namespaceOverride, int chunkSize) {
        this.layout = layout;
        this.registry = registry;
        this.namespaceOverride = namespaceOverride;
        this.chunkSize = chunkSize;
    }

    /** The reference an image of the bundle has in the private registry. */
    public ImageReference target(String sourceReference) {
        return ImageReference.parse(sourceReference).relocate(registry.host(), namespaceOverride);
    }

    public List<Pushed> pushAll() throws IOException {
        List<Pushed> out = new ArrayList<>();
        for (OciLayout.Entry e : layout.entries()) {
            out.add(push(e));
        }
        return out;
    }

    public Pushed push(OciLayout.Entry e) throws IOException {
        ImageReference to = target(e.reference());
        String repo = to.repository();
        // repo:tag@digest (charts pin images so) goes up under its tag; the digest then names it as well
        String name = to.tag().orElseGet(to::reference);
        if (registry.manifestDigest(repo, name).filter(e.digest()::equals).isPresent()) {
            return new Pushed(e.reference(), to.toString(), e.digest(), true, 0, 0, 0);
        }
        int[] counts = new int[3];
        byte[] top = layout.readBlob(e.digest());
        if (MediaTypes.isIndex(e.mediaType())) {
            for (JsonNode m : JSON.readTree(top).path("manifests")) {
                String digest = m.path("digest").asText();
                pushImage(repo, layout.readBlob(digest), counts);
                registry.putManifest(repo, digest, m.path("mediaType").asText(), layout.readBlob(digest));
            }
        } else {
            pushImage(repo, top, counts);
        }
        registry.putManifest(repo, name, e.mediaType(), top);
        return new Pushed(e.reference(), to.toString(), e.digest(), false, counts[0], counts[1], counts[2]);
    }

    private void pushImage(String repo, byte[] manifest, int[] counts) throws IOException {
        for (String d : OciLayout.blobs(manifest)) {
            if (registry.hasBlob(repo, d)) {
                counts[2]++;
            } else if (placed.containsKey(d) && !placed.get(d).equals(repo) && registry.mountBlob(repo, d, placed.get(d))) {
                counts[1]++;
            } else {
                registry.uploadBlob(repo, d, layout.blobPath(d), chunkSize);
                counts[0]++;
            }
            placed.put(d, repo);
        }
    }
}
