package io.kubexm.artifacts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubexm.artifacts.oci.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Every container image a pinned upstream manifest or Helm chart names, so the image list
 * follows the manifest instead of being kept by hand.
 *
 * <ul>
 *   <li>Manifests (multi-document YAML): every {@code image:} string (containers, initContainers,
 *       ephemeralContainers, custom resources such as a CephCluster), images handed to an operator by
 *       flag ({@code --engine-image X}, {@code --x-image=X}) or by an environment variable named
 *       {@code *_IMAGE} (longhorn-manager starts the engine, instance-manager and CSI sidecars that way),
 *       and manifests embedded in ConfigMaps (local-path-provisioner's helper pod).</li>
 *   <li>Charts (.tgz): every values.yaml, subcharts included: {@code image:} strings and image maps of
 *       {registry, repository|repo, tag, digest}, an empty tag meaning the chart's appVersion as Helm
 *       charts conventionally do; and literal {@code image:} strings of the templates.</li>
 * </ul>
 * References with {@code {{ }}} are skipped and reported: a template's value comes from values.yaml.
 */
public final class ManifestImages {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * @param images    canonical references ({@code docker.io/library/busybox:latest}), in the order found
     * @param templated references that could not be resolved without rendering (where: what), reported
     */
    public record Scan(List<String> images, List<String> templated) {
        public Scan {
            images = List.copyOf(images);
            templated = List.copyOf(templated);
        }
    }

    /**
     * Rewrites of an image repository a chart's templates apply. Cilium's operator is the one case:
     * values.yaml names {@code quay.io/cilium/operator} and the template appends {@code -generic} and
     * takes the digest from {@code genericDigest}; {@code variants} maps such repositories to the variant
     * an on-premises cluster runs.
     */
    private final Map<String, String> variants;

    public ManifestImages(Map<String, String> variants) {
        this.variants = Map.copyOf(variants);
    }

    /** Scans a manifest (.yaml/.yml/.base) or chart (.tgz) file. */
    public Scan scan(Path file) throws IOException {
        String name = file.getFileName().toString();
        try (InputStream in = Files.newInputStream(file)) {
            return name.endsWith(".tgz") || name.endsWith(".tar.gz") ? scanChart(in, name) : scanManifest(in, name);
        }
    }

    public Scan scanManifest(InputStream in, String where) throws IOException {
        Collector c = new Collector();
        c.manifest(in.readAllBytes(), where);
        return c.scan();
    }

    public Scan scanChart(InputStream tgz, String where) throws IOException {
        Collector c = new Collector();
        c.chart(tgz, where);
        return c.scan();
    }

    private final class Collector {
        private final Set<String> images = new LinkedHashSet<>();
        private final Set<String> templated = new LinkedHashSet<>();

        Scan scan() {
            return new Scan(List.copyOf(images), List.copyOf(templated));
        }

        void add(String raw, String where) {
            String ref = raw.strip();
            if (ref.isEmpty()) {
                return;
            }
            if (ref.contains("{{")) {
                templated.add(where + ": " + ref);
                return;
            }
            try {
                images.add(canonical(ref));
            } catch (IllegalArgumentException e) {
                templated.add(where + ": " + ref + " (not an image reference)");
            }
        }

        void manifest(byte[] yaml, String where) throws IOException {
            for (JsonNode doc : documents(yaml, where)) {
                walkManifest(doc, where);
            }
        }

        private void walkManifest(JsonNode node, String where) throws IOException {
            if (node.isObject()) {
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    JsonNode v = e.getValue();
                    switch (e.getKey()) {
                        case "image" -> {
                            if (v.isTextual()) {
                                add(v.asText(), where);
                            }
                        }
                        case "command", "args" -> flagImages(v, where);
                        case "env" -> v.forEach(env -> {
                            if (env.path("name").asText().endsWith("_IMAGE") && env.path("value").isTextual()) {
                                add(env.path("value").asText(), where);
                            }
                        });
                        default -> { }
                    }
                    if (v.isTextual() && v.asText().contains("\n") && v.asText().contains("kind:")) {
                        embedded(v.asText(), where + " " + e.getKey());
                    }
                    walkManifest(v, where);
                }
            } else if (node.isArray()) {
                for (JsonNode n : node) {
                    walkManifest(n, where);
                }
            }
        }

        /** {@code --engine-image X} and {@code --engine-image=X} in a container's command or args. */
        private void flagImages(JsonNode list, String where) {
            if (!list.isArray()) {
                return;
            }
            for (int i = 0; i < list.size(); i++) {
                String arg = list.get(i).asText();
                if (!arg.startsWith("-")) {
                    continue;
                }
                int eq = arg.indexOf('=');
                if (eq > 0 && arg.substring(0, eq).endsWith("-image")) {
                    add(arg.substring(eq + 1), where);
                } else if (arg.endsWith("-image") && i + 1 < list.size() && !list.get(i + 1).asText().startsWith("-")) {
                    add(list.get(i + 1).asText(), where);
                }
            }
        }

        /** A manifest inside a string (a ConfigMap's helperPod.yaml); text that is not one is left alone. */
        private void embedded(String text, String where) throws IOException {
            List<JsonNode> docs;
            try {
                docs = documents(text.getBytes(StandardCharsets.UTF_8), where);
            } catch (IOException notYaml) {
                return;
            }
            for (JsonNode d : docs) {
                if (d.has("kind") && d.has("apiVersion")) {
                    walkManifest(d, where);
                }
            }
        }

        void chart(InputStream tgz, String where) throws IOException {
            Map<String, byte[]> values = new LinkedHashMap<>();
            Map<String, String> appVersions = new LinkedHashMap<>();
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(tgz))) {
                TarArchiveEntry entry;
                while ((entry = tar.getNextEntry()) != null) {
                    if (!entry.isFile()) {
                        continue;
                    }
                    String name = entry.getName();
                    String at = where + "!" + name;
                    String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/')) : "";
                    if (name.endsWith(".tgz")) {
                        chart(new ByteArrayInputStream(tar.readAllBytes()), at); // a packaged subchart
                    } else if (name.endsWith("/values.yaml")) {
                        values.put(dir, tar.readAllBytes());
                    } else if (name.endsWith("/Chart.yaml")) {
                        JsonNode chart = YAML.readTree(tar.readAllBytes());
                        appVersions.put(dir, chart == null ? "" : chart.path("appVersion").asText(""));
                    } else if (name.contains("/templates/") && (name.endsWith(".yaml") || name.endsWith(".yml")
                            || name.endsWith(".tpl"))) {
                        templateImages(new String(tar.readAllBytes(), StandardCharsets.UTF_8), at);
                    } else if (name.contains("/crds/") && (name.endsWith(".yaml") || name.endsWith(".yml"))) {
                        manifest(tar.readAllBytes(), at);
                    }
                }
            }
            for (Map.Entry<String, byte[]> v : values.entrySet()) {
                String at = where + "!" + v.getKey() + "/values.yaml";
                for (JsonNode doc : documents(v.getValue(), at)) {
                    walkValues(doc, appVersions.getOrDefault(v.getKey(), ""), at);
                }
            }
        }

        private void walkValues(JsonNode node, String appVersion, String where) {
            if (node.isObject()) {
                Optional<String> image = imageOfMap(node, appVersion, where);
                if (image.isPresent()) {
                    add(image.get(), where);
                    return;
                }
                for (Map.Entry<String, JsonNode> e : node.properties()) {
                    if (e.getKey().equals("image") && e.getValue().isTextual()) {
                        add(e.getValue().asText(), where);
                    } else {
                        walkValues(e.getValue(), appVersion, where);
                    }
                }
            } else if (node.isArray()) {
                node.forEach(n -> walkValues(n, appVersion, where));
            }
        }

        /** {registry, repository|repo, tag, digest} as charts write an image in values.yaml. */
        private Optional<String> imageOfMap(JsonNode m, String appVersion, String where) {
            String override = text(m, "override");
            if (!override.isEmpty()) {
                return Optional.of(override);
            }
            String repository = text(m, "repository");
            if (repository.isEmpty()) {
                repository = text(m, "repo");
            }
            if (repository.isEmpty() || !(m.has("tag") || m.has("digest"))) {
                return Optional.empty();
            }
            String registry = text(m, "registry").replaceAll("/+$", ""); // some charts write docker.io/
            String repo = registry.isEmpty() ? repository : registry + "/" + repository;
            String tag = text(m, "tag");
            String digest = m.path("useDigest").asBoolean(true) ? text(m, "digest") : "";
            String variant = variants.get(repo);
            if (variant != null) {
                repo = repo + "-" + variant + text(m, "suffix");
                digest = m.path("useDigest").asBoolean(true) ? text(m, variant + "Digest") : "";
            }
            if (tag.isEmpty() && digest.isEmpty()) {
                tag = appVersion;
            }
            if (tag.isEmpty() && digest.isEmpty()) {
                templated.add(where + ": " + repo + " (no tag, and the chart has no appVersion)");
                return Optional.empty();
            }
            return Optional.of(repo + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest));
        }

        /** Literal {@code image:} lines of a chart template; the template itself is not YAML until rendered. */
        private void templateImages(String template, String where) throws JsonProcessingException {
            for (String line : template.split("\n")) {
                String s = line.strip();
                if (s.startsWith("- ")) {
                    s = s.substring(2).strip();
                }
                if (!s.startsWith("image:")) {
                    continue;
                }
                String value = s.substring("image:".length()).strip();
                if (value.isEmpty()) {
                    continue;
                }
                if (value.contains("{{")) {
                    templated.add(where + ": " + value);
                    continue;
                }
                JsonNode parsed = YAML.readTree("v: " + value).path("v");
                if (parsed.isTextual()) {
                    add(parsed.asText(), where);
                }
            }
        }
    }

    /** {@code busybox} is {@code docker.io/library/busybox:latest}, as a container runtime reads it. */
    static String canonical(String reference) {
        String r = reference.strip();
        int slash = r.lastIndexOf('/');
        boolean tagged = r.indexOf(':', slash + 1) >= 0 || r.contains("@");
        return ImageReference.parse(tagged ? r : r + ":latest").toString();
    }

    private static List<JsonNode> documents(byte[] yaml, String where) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNextValue()) {
                JsonNode doc = it.nextValue();
                if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                    out.add(doc);
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IOException(where + " is not YAML: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        return out;
    }

    private static String text(JsonNode m, String field) {
        JsonNode v = m.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? "" : v.asText("").strip();
    }
}
