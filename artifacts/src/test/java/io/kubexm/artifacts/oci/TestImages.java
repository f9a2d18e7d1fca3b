package io.kubexm.artifacts.oci;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubexm.artifacts.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Small images the test builds itself as an OCI layout (one tar layer per platform plus a
 * layer every image shares), for skopeo to seed the "upstream" registry with.
 */
public final class TestImages {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path layout;
    private final Path scratch;

    public TestImages(Path layout, Path scratch) throws IOException {
        this.layout = layout;
        this.scratch = scratch;
        Files.createDirectories(layout.resolve("blobs/sha256"));
        Files.writeString(layout.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        ObjectNode index = JSON.createObjectNode().put("schemaVersion", 2);
        index.putArray("manifests");
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    /** Adds an image named {@code name} with one manifest per architecture (an index when several). */
    public void add(String name, List<String> arches) throws IOException, InterruptedException {
        String shared = layer("shared", "the same bytes in every image\n");
        ArrayNode manifests = JSON.createArrayNode();
        for (String arch : arches) {
            String own = layer(name + "-" + arch, name + " built for " + arch + "\n");
            ObjectNode config = JSON.createObjectNode().put("architecture", arch).put("os", "linux");
            config.putObject("config").putArray("Cmd").add("/hello");
            config.putObject("rootfs").put("type", "layers").putArray("diff_ids").add(shared).add(own);
            byte[] configBytes = JSON.writeValueAsBytes(config);
            String configDigest = blob(configBytes);
            ObjectNode m = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_MANIFEST);
            m.putObject("config").put("mediaType", "application/vnd.oci.image.config.v1+json")
                    .put("digest", configDigest).put("size", configBytes.length);
            ArrayNode layers = m.putArray("layers");
            for (String l : List.of(shared, own)) {
                layers.addObject().put("mediaType", "application/vnd.oci.image.layer.v1.tar").put("digest", l)
                        .put("size", Files.size(blobPath(l)));
            }
            byte[] mb = JSON.writeValueAsBytes(m);
            ObjectNode d = manifests.addObject().put("mediaType", MediaTypes.OCI_MANIFEST).put("digest", blob(mb))
                    .put("size", mb.length);
            d.putObject("platform").put("architecture", arch).put("os", "linux");
        }
        ObjectNode top;
        if (arches.size() == 1) {
            top = (ObjectNode) manifests.get(0);
            top.remove("platform");
        } else {
            ObjectNode idx = JSON.createObjectNode().put("schemaVersion", 2).put("mediaType", MediaTypes.OCI_INDEX);
            idx.set("manifests", manifests);
            byte[] ib = JSON.writeValueAsBytes(idx);
            top = JSON.createObjectNode().put("mediaType", MediaTypes.OCI_INDEX).put("digest", blob(ib)).put("size", ib.length);
        }
        top.putObject("annotations").put(OciLayout.REF_NAME, name);
        ObjectNode index = (ObjectNode) JSON.readTree(layout.resolve("index.json").toFile());
        ((ArrayNode) index.get("manifests")).add(top);
        Files.write(layout.resolve("index.json"), JSON.writeValueAsBytes(index));
    }

    private String layer(String name, String content) throws IOException, InterruptedException {
        Path dir = Files.createDirectories(scratch.resolve("layer-" + name));
        Files.writeString(dir.resolve("hello"), content);
        Path tar = scratch.resolve(name + ".tar");
        // Fixed owner and time so the shared layer has the same bytes in every image.
        LocalRegistry.run(List.of("tar", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "-C", dir.toString(),
                "-cf", tar.toString(), "hello"));
        return blob(Files.readAllBytes(tar));
    }

    private String blob(byte[] bytes) throws IOException {
        String digest = "sha256:" + Digests.sha256(bytes);
        Files.write(blobPath(digest), bytes);
        return digest;
    }

    private Path blobPath(String digest) {
        return layout.resolve("blobs/sha256").resolve(digest.substring(7));
    }
}
