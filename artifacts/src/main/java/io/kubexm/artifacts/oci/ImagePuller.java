package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubexm.api.Arch;
import io.kubexm.artifacts.ImageArtifact;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Copies images into an OCI layout with every platform the nodes need. A multi-arch index
 * is kept byte for byte when all its platforms are needed, and otherwise narrowed to the
 * needed ones (annotations kept). Every blob is verified by digest as it arrives, and an
 * image already complete in the layout is not fetched again.
 */
public final class ImagePuller {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What happened to one image. */
    public record Pulled(String reference, String digest, List<String> platforms, boolean present) {}

    private final OciLayout layout;
    private final Function<ImageReference, RegistryClient> clients;

    /** @param clients the client for an image's registry (auth, TLS, mirror decided by the caller) */
    public ImagePuller(OciLayout layout, Function<ImageReference, RegistryClient> clients) {
        this.layout = layout;
        this.clients = clients;
    }

    /**
     * Pulls from {@link ImageArtifact#pullFrom()} and keeps the image under its reference. An image named
     * by digest keeps its whole index: narrowing it would change the digest the manifests pin.
     */
    public Pulled pull(ImageArtifact image) throws IOException {
        ImageReference ref = ImageReference.parse(image.pullFrom());
        boolean pinned = ImageReference.parse(image.reference()).digest().isPresent();
        for (OciLayout.Entry e : layout.entries()) {
            if (e.reference().equals(image.reference()) && layout.holds(e, image.platforms())) {
                return new Pulled(image.reference(), e.digest(), platformsOf(e.mediaType(), e.digest()), true);
            }
        }
        RegistryClient client = clients.apply(ref);
        RegistryClient.Manifest top = client.manifest(ref.repository(), ref.reference());
        List<String> platforms = new ArrayList<>();
        RegistryClient.Manifest stored;
        if (MediaTypes.isIndex(top.mediaType())) {
            JsonNode index = JSON.readTree(top.bytes());
            ArrayNode kept = JSON.createArrayNode();
            for (JsonNode m : index.path("manifests")) {
                String platform = platform(m.path("platform"));
                if (pinned || wanted(platform, image.platforms())) {
                    kept.add(m);
                    platforms.add(platform);
                }
            }
            Set<String> missing = missing(platforms, image.platforms());
            if (!missing.isEmpty()) {
                throw new IOException("image " + image.reference() + " has no " + missing + " variant in " + ref.apiHost()
                        + " (it offers " + allPlatforms(index) + "): choose another version or drop that architecture");
            }
            for (JsonNode m : kept) {
                storeImage(client, ref, client.manifest(ref.repository(), m.path("digest").asText()));
            }
            if (kept.size() == index.path("manifests").size()) {
                stored = top;
            } else {
                ((ObjectNode) index).set("manifests", kept);
                byte[] narrowed = JSON.writeValueAsBytes(index);
                stored = new RegistryClient.Manifest(top.mediaType(), narrowed, "sha256:" + io.kubexm.artifacts.Digests.sha256(narrowed));
            }
        } else {
            String platform = configPlatform(client, ref, top);
            Set<String> missing = missing(List.of(platform), image.platforms());
            if (!missing.isEmpty()) {
                throw new IOException("image " + image.reference() + " is single-platform " + platform + " but the nodes need "
                        + missing + ": use a multi-arch image or drop that architecture");
            }
            storeImage(client, ref, top);
            platforms.add(platform);
            stored = top;
        }
        layout.writeBlob(stored.bytes());
        layout.tag(new OciLayout.Entry(image.reference(), stored.mediaType(), stored.digest(), stored.bytes().length));
        return new Pulled(image.reference(), stored.digest(), platforms, false);
    }

    private void storeImage(RegistryClient client, ImageReference ref, RegistryClient.Manifest m) throws IOException {
        for (String d : OciLayout.blobs(m.bytes())) {
            if (!layout.hasBlob(d)) {
                client.blob(ref.repository(), d, layout.blobPath(d));
            }
        }
        layout.writeBlob(m.bytes());
    }

    private String configPlatform(RegistryClient client, ImageReference ref, RegistryClient.Manifest m) throws IOException {
        String config = OciLayout.blobs(m.bytes()).getFirst();
        if (!layout.hasBlob(config)) {
            client.blob(ref.repository(), config, layout.blobPath(config));
        }
        return platformOfConfig(config);
    }

    /** os/architecture of an image, from its config blob in the layout. */
    private String platformOfConfig(String config) throws IOException {
        JsonNode c = JSON.readTree(layout.readBlob(config));
        return c.path("os").asText("linux") + "/" + c.path("architecture").asText("unknown");
    }

    private List<String> platformsOf(String mediaType, String digest) throws IOException {
        if (!MediaTypes.isIndex(mediaType)) {
            return List.of(platformOfConfig(OciLayout.blobs(layout.readBlob(digest)).getFirst()));
        }
        List<String> out = new ArrayList<>();
        JSON.readTree(layout.readBlob(digest)).path("manifests").forEach(m -> out.add(platform(m.path("platform"))));
        return out;
    }

    private static String platform(JsonNode p) {
        return p.path("os").asText("unknown") + "/" + p.path("architecture").asText("unknown");
    }

    private static boolean wanted(String platform, List<Arch> needed) {
        return needed.stream().anyMatch(a -> platform.equals("linux/" + a.yaml()));
    }

    private static Set<String> missing(List<String> have, List<Arch> needed) {
        Set<String> out = new TreeSet<>();
        for (Arch a : needed) {
            if (!have.contains("linux/" + a.yaml())) {
                out.add("linux/" + a.yaml());
            }
        }
        return out;
    }

    private static List<String> allPlatforms(JsonNode index) {
        List<String> out = new ArrayList<>();
        index.path("manifests").forEach(m -> out.add(platform(m.path("platform"))));
        return out;
    }
}
