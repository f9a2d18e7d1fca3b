package io.kubexm.artifacts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.kubexm.api.Arch;
import io.kubexm.api.YamlEnum;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.oci.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The data kubexm downloads from: versions, URL patterns, zone mirrors, image references,
 * OS package lists and mirrors, and pinned digests. It comes from {@code catalog.yaml} and
 * {@code checksums.json} in the resources, deep-merged with an optional user file of the
 * same shape, so a new patch release needs no new kubexm build.
 */
public record Catalog(Map<String, String> versions,
                      Map<String, Source> files,
                      Map<String, Source> manifests,
                      Map<String, KubeadmImages> kubeadmImages,
                      Map<String, ImageRef> images,
                      Map<String, ZoneMirrors> zones,
                      Map<String, Map<String, List<String>>> packages,
                      Map<String, OsSource> os,
                      Map<String, Map<String, Map<String, String>>> checksums) {

    /**
     * Where a component's file comes from and how its digest is found.
     *
     * @param arches        the arches upstream publishes the file for; empty: every arch
     * @param imageVariants manifests only: repositories the chart's templates rename (see {@link ManifestImages})
     */
    public record Source(String url, Optional<String> cnUrl, ChecksumRule checksum, Optional<String> versionKey,
                         List<Arch> arches, Map<String, String> imageVariants) {
        public boolean offers(Arch arch) {
            return arches.isEmpty() || arches.contains(arch);
        }
    }

    public sealed interface ChecksumRule {
        record Sidecar(String urlPattern) implements ChecksumRule {}
        record Sums(String urlPattern) implements ChecksumRule {}
        record TrustOnFirstUse() implements ChecksumRule {}
        record PinnedOnly() implements ChecksumRule {}
    }

    public record KubeadmImages(String pause, String coredns, String etcd) {}

    public record ImageRef(String ref, Optional<String> versionKey) {}

    /**
     * The mirrors of a zone. {@code fileMirror} keeps upstream paths ({@code https://HOST/PATH} is
     * {@code fileMirror/HOST/PATH}) for {@code fileHosts}; {@code registries} maps a source registry to its
     * mirror, which keeps the repository path.
     */
    public record ZoneMirrors(Optional<String> fileMirror, List<String> fileHosts, Map<String, String> registries) {
        public static ZoneMirrors none() {
            return new ZoneMirrors(Optional.empty(), List.of(), Map.of());
        }

        /** The file's URL on the zone's file mirror, when the mirror serves its host. */
        public Optional<String> file(String url) {
            URI u = URI.create(url);
            if (fileMirror.isEmpty() || !fileHosts.contains(u.getHost())) {
                return Optional.empty();
            }
            return Optional.of(fileMirror.get().replaceAll("/+$", "") + "/" + u.getHost() + u.getRawPath());
        }

        /** Where to pull an image from: its registry's mirror with the same repository path, or the image itself. */
        public String image(String reference) {
            ImageReference ref = ImageReference.parse(reference);
            String mirror = registries.get(ref.registry());
            return mirror == null ? reference : ref.relocate(mirror, Optional.empty()).toString();
        }
    }

    /** The mirrors of {@code zone}; none for the default zone. */
    public ZoneMirrors zone(Zone zone) {
        return zones.getOrDefault(zone.yaml(), ZoneMirrors.none());
    }

    /**
     * An operating system kubexm supports and the upstream mirror of its packages.
     *
     * @param repos        rpm only: the repositories under {@code mirror} that together hold the package set
     *                     (BaseOS and AppStream on EL8/9), all passed to dnf
     * @param subscription its upstream mirror needs a subscription (RHEL): a mirror must be supplied
     */
    public record OsSource(String id, String family, String mirror, Optional<String> arm64Mirror,
                           Optional<String> cnMirror, Optional<String> suite, Optional<String> releasever,
                           List<String> components, Optional<String> keyring, List<RpmRepo> repos,
                           boolean subscription) {}

    /** One yum/dnf repository of an OS: {@code path} below the OS's mirror, and the URL of the key it is signed with. */
    public record RpmRepo(String name, String path, Optional<String> gpgkey) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    public static Catalog builtIn() {
        return load(Optional.empty());
    }

    /** The built-in data with {@code override} (YAML or JSON, any subset) merged over it. */
    public static Catalog load(Optional<Path> override) {
        ObjectNode root = (ObjectNode) readResource("catalog.yaml", YAML);
        root.set("checksums", readResource("checksums.json", JSON));
        override.ifPresent(file -> {
            JsonNode user;
            try {
                user = YAML.readTree(file.toFile());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read versions file " + file + ": " + e.getMessage(), e);
            }
            if (user != null && !user.isMissingNode() && !user.isNull()) {
                if (!user.isObject()) {
                    throw new IllegalArgumentException("versions file " + file
                            + " must be a mapping with keys versions, files, checksums, ...");
                }
                merge(root, (ObjectNode) user);
            }
        });
        return fromTree(root);
    }

    public String version(String key) {
        String v = versions.get(key);
        if (v == null) {
            throw new IllegalArgumentException("no version for '" + key
                    + "' in the catalog: add it under 'versions:' in the versions file");
        }
        return v;
    }

    public Optional<String> pinned(String component, Arch arch, String version) {
        return Optional.ofNullable(checksums.getOrDefault(component, Map.of())
                .getOrDefault(arch.yaml(), Map.of())
                .get(version));
    }

    public OsSource osSource(String id) {
        OsSource o = os.get(id);
        if (o == null) {
            throw new IllegalArgumentException("unsupported OS '" + id + "': use one of " + os.keySet());
        }
        return o;
    }

    public KubeadmImages kubeadmImages(String kubernetesVersion) {
        String[] parts = kubernetesVersion.replaceFirst("^v", "").split("\\.");
        String minor = parts.length >= 2 ? parts[0] + "." + parts[1] : kubernetesVersion;
        KubeadmImages k = kubeadmImages.get(minor);
        if (k == null) {
            throw new IllegalArgumentException("no kubeadm image versions for Kubernetes " + minor
                    + " in the catalog (known: " + kubeadmImages.keySet()
                    + "): add them under 'kubeadmImages:' in the versions file");
        }
        return k;
    }

    private static JsonNode readResource(String name, ObjectMapper mapper) {
        try (InputStream in = Catalog.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("resource " + name + " missing from the kubexm jar");
            }
            return mapper.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void merge(ObjectNode base, ObjectNode over) {
        over.properties().forEach(e -> {
            JsonNode existing = base.get(e.getKey());
            if (existing instanceof ObjectNode eo && e.getValue() instanceof ObjectNode vo) {
                merge(eo, vo);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        });
    }

    private static Catalog fromTree(JsonNode root) {
        Map<String, String> versions = new LinkedHashMap<>();
        root.path("versions").properties().forEach(e -> versions.put(e.getKey(), e.getValue().asText()));

        Map<String, KubeadmImages> kubeadm = new LinkedHashMap<>();
        root.path("kubeadmImages").properties().forEach(e -> kubeadm.put(e.getKey(), new KubeadmImages(
                text(e.getValue(), "pause"), text(e.getValue(), "coredns"), text(e.getValue(), "etcd"))));

        Map<String, ZoneMirrors> zones = new LinkedHashMap<>();
        root.path("zones").properties().forEach(e -> {
            Map<String, String> registries = new LinkedHashMap<>();
            e.getValue().path("registries").properties().forEach(r -> registries.put(r.getKey(), r.getValue().asText()));
            JsonNode files = e.getValue().path("files");
            zones.put(e.getKey(), new ZoneMirrors(optional(files, "mirror"), strings(files.path("hosts")), registries));
        });

        Map<String, ImageRef> images = new LinkedHashMap<>();
        root.path("images").path("refs").properties().forEach(e -> images.put(e.getKey(),
                new ImageRef(text(e.getValue(), "ref"), optional(e.getValue(), "version"))));

        Map<String, Map<String, List<String>>> packages = new LinkedHashMap<>();
        root.path("packages").properties().forEach(fam -> {
            Map<String, List<String>> groups = new LinkedHashMap<>();
            fam.getValue().properties().forEach(g -> groups.put(g.getKey(), strings(g.getValue())));
            packages.put(fam.getKey(), groups);
        });

        Map<String, OsSource> os = new LinkedHashMap<>();
        root.path("os").properties().forEach(e -> {
            JsonNode n = e.getValue();
            os.put(e.getKey(), new OsSource(e.getKey(), text(n, "family"), text(n, "mirror"),
                    optional(n, "arm64Mirror"), optional(n, "cn"), optional(n, "suite"),
                    optional(n, "releasever"), strings(n.path("components")), optional(n, "keyring"),
                    rpmRepos(e.getKey(), n.path("repos")), n.path("subscription").asBoolean(false)));
        });

        Map<String, Map<String, Map<String, String>>> checksums = new LinkedHashMap<>();
        root.path("checksums").properties().forEach(c -> {
            Map<String, Map<String, String>> byArch = new LinkedHashMap<>();
            c.getValue().properties().forEach(a -> {
                Map<String, String> byVersion = new LinkedHashMap<>();
                a.getValue().properties().forEach(v -> byVersion.put(v.getKey(), v.getValue().asText()));
                byArch.put(a.getKey(), byVersion);
            });
            checksums.put(c.getKey(), byArch);
        });

        return new Catalog(versions, sources(root.path("files")), sources(root.path("manifests")), kubeadm,
                images, zones, packages, os, checksums);
    }

    private static List<RpmRepo> rpmRepos(String os, JsonNode node) {
        List<RpmRepo> out = new ArrayList<>();
        node.forEach(r -> out.add(new RpmRepo(text(r, "name"), text(r, "path"), optional(r, "gpgkey"))));
        if (node.isArray() && out.stream().map(RpmRepo::name).distinct().count() != out.size()) {
            throw new IllegalArgumentException("os " + os + ": two repos share a name");
        }
        return List.copyOf(out);
    }

    private static Map<String, Source> sources(JsonNode node) {
        Map<String, Source> out = new LinkedHashMap<>();
        node.properties().forEach(e -> {
            JsonNode n = e.getValue();
            JsonNode c = n.path("checksum");
            ChecksumRule rule;
            if (c.isTextual() && c.asText().equals("tofu")) {
                rule = new ChecksumRule.TrustOnFirstUse();
            } else if (c.has("sidecar")) {
                rule = new ChecksumRule.Sidecar(c.get("sidecar").asText());
            } else if (c.has("sums")) {
                rule = new ChecksumRule.Sums(c.get("sums").asText());
            } else if (c.isMissingNode() || c.isNull()) {
                rule = new ChecksumRule.PinnedOnly();
            } else {
                throw new IllegalArgumentException("component " + e.getKey()
                        + ": checksum must be tofu, {sidecar: URL} or {sums: URL}, not " + c);
            }
            Map<String, String> variants = new LinkedHashMap<>();
            n.path("images").path("variants").properties().forEach(v -> variants.put(v.getKey(), v.getValue().asText()));
            out.put(e.getKey(), new Source(text(n, "url"), optional(n, "cn"), rule, optional(n, "version"),
                    strings(n.path("arches")).stream().map(a -> YamlEnum.parse(Arch.class, e.getKey() + ".arches", a)).toList(),
                    variants));
        });
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            throw new IllegalArgumentException("catalog entry " + n + " lacks '" + field + "'");
        }
        return v.asText();
    }

    private static Optional<String> optional(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? Optional.empty() : Optional.of(v.asText());
    }

    private static List<String> strings(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.forEach(x -> out.add(x.asText()));
        return List.copyOf(out);
    }
}
