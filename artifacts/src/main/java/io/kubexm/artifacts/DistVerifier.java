package io.kubexm.artifacts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Checks a dist archive without unpacking it: every file matches SHA256SUMS and nothing is
 * unlisted; every file of bom.json is there with its size and sha256; every image of
 * bom.json is in the OCI layout with its blobs, each blob's content matching its name; the
 * launcher, CLI jar and Java runtime are present, the runtime built for the arch the archive names.
 */
public final class DistVerifier {
    private static final ObjectMapper JSON = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public record Result(int files, int images, List<String> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private DistVerifier() {
    }

    public static Result verify(Path archive) throws IOException {
        Map<String, String> digests = new HashMap<>();
        Map<String, Long> sizes = new HashMap<>();
        byte[] sumsFile = null;
        byte[] bomFile = null;
        byte[] indexFile = null;
        byte[] javaHeader = new byte[0];
        String top = null;
        List<String> problems = new ArrayList<>();
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
            TarArchiveEntry e;
            while ((e = tar.getNextEntry()) != null) {
                String name = e.getName();
                int slash = name.indexOf('/');
                if (slash < 0) {
                    problems.add(name + ": outside the top directory");
                    continue;
                }
                if (top == null) {
                    top = name.substring(0, slash + 1);
                } else if (!name.startsWith(top)) {
                    problems.add(name + ": outside " + top);
                    continue;
                }
                if (!e.isFile() || e.isSymbolicLink() || e.isLink()) {
                    continue;
                }
                String rel = name.substring(top.length());
                MessageDigest md = Digests.newSha256();
                ByteArrayOutputStream keep = rel.equals(Dist.SUMS) || rel.equals("build/packages/" + BundleManifest.NAME)
                        || rel.equals("build/packages/images/index.json") ? new ByteArrayOutputStream() : null;
                byte[] buf = new byte[1 << 16];
                long size = 0;
                int n;
                while ((n = tar.read(buf)) > 0) {
                    md.update(buf, 0, n);
                    if (size == 0 && rel.equals("runtime/bin/java")) {
                        javaHeader = java.util.Arrays.copyOf(buf, Math.min(n, 20));
                    }
                    size += n;
                    if (keep != null) {
                        keep.write(buf, 0, n);
                    }
                }
                digests.put(rel, HexFormat.of().formatHex(md.digest()));
                sizes.put(rel, size);
                if (keep != null) {
                    switch (rel) {
                        case Dist.SUMS -> sumsFile = keep.toByteArray();
                        case "build/packages/images/index.json" -> indexFile = keep.toByteArray();
                        default -> bomFile = keep.toByteArray();
                    }
                }
            }
        } catch (IOException e) {
            return new Result(0, 0, List.of(archive + ": not a readable tar.gz (" + e.getMessage() + ")"));
        }
        for (String needed : List.of("kubexm", "kubexm.jar", "runtime/bin/java", Dist.SUMS,
                "build/packages/" + BundleManifest.NAME)) {
            if (!digests.containsKey(needed)) {
                problems.add(needed + ": missing from the archive");
            }
        }
        // The top directory names the control node's arch (kubexm-dist-<version>-<arch>/): the runtime must be built for it.
        if (top != null && digests.containsKey("runtime/bin/java")) {
            String named = top.substring(top.lastIndexOf('-') + 1, top.length() - 1);
            String actual = Dist.elfArch(javaHeader).map(io.kubexm.api.Arch::yaml).orElse("not an amd64 or arm64 Linux binary");
            if (!actual.equals(named)) {
                problems.add("runtime/bin/java: " + actual + ", the archive is for " + named);
            }
        }
        if (sumsFile != null) {
            Map<String, String> listed = new HashMap<>();
            for (String line : new String(sumsFile, StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    String[] parts = line.split(" {2}", 2);
                    listed.put(parts[1], parts[0]);
                }
            }
            listed.forEach((path, sha) -> {
                String actual = digests.get(path);
                if (actual == null) {
                    problems.add(path + ": listed in " + Dist.SUMS + " but missing");
                } else if (!actual.equals(sha)) {
                    problems.add(path + ": sha256 " + actual + ", " + Dist.SUMS + " says " + sha);
                }
            });
            digests.keySet().stream().filter(p -> !p.equals(Dist.SUMS) && !listed.containsKey(p)).sorted()
                    .forEach(p -> problems.add(p + ": not listed in " + Dist.SUMS));
        }
        int images = 0;
        BundleManifest bom = bomFile == null ? new BundleManifest("kubexm", List.of(), List.of())
                : JSON.readValue(bomFile, BundleManifest.class);
        for (BundleManifest.FileEntry f : bom.files()) {
            String path = "build/packages/" + f.path();
            if (!digests.containsKey(path)) {
                problems.add(path + " (" + f.component() + " " + f.version() + " " + f.arch() + "): in bom.json but missing");
            } else if (!digests.get(path).equals(f.sha256()) || sizes.get(path) != f.size()) {
                problems.add(path + ": sha256 " + digests.get(path) + " / " + sizes.get(path) + " bytes, bom.json says "
                        + f.sha256() + " / " + f.size() + " bytes");
            }
        }
        for (BundleManifest.RepoEntry r : bom.repos()) {
            for (BundleManifest.PackageEntry pkg : r.packages()) {
                String path = "build/packages/" + r.path() + "/" + pkg.file();
                if (!digests.containsKey(path)) {
                    problems.add(path + " (" + pkg.name() + " for " + r.os() + " " + r.arch() + "): in bom.json but missing");
                } else if (!digests.get(path).equals(pkg.sha256())) {
                    problems.add(path + ": sha256 " + digests.get(path) + ", bom.json says " + pkg.sha256());
                }
            }
        }
        for (Map.Entry<String, String> d : digests.entrySet()) {
            String p = d.getKey();
            if (p.startsWith("build/packages/images/blobs/sha256/")
                    && !p.substring(p.lastIndexOf('/') + 1).equals(d.getValue())) {
                problems.add(p + ": blob content has sha256 " + d.getValue());
            }
        }
        if (!bom.images().isEmpty()) {
            JsonNode index = indexFile == null ? JSON.createObjectNode() : JSON.readTree(indexFile);
            for (BundleManifest.ImageEntry i : bom.images()) {
                boolean tagged = false;
                for (JsonNode m : index.path("manifests")) {
                    tagged |= m.path("annotations").path("org.opencontainers.image.ref.name").asText().equals(i.reference())
                            && m.path("digest").asText().equals(i.digest());
                }
                if (!tagged) {
                    problems.add("image " + i.reference() + "@" + i.digest() + ": in bom.json but not in images/index.json");
                } else if (!digests.containsKey("build/packages/images/blobs/sha256/" + i.digest().substring(7))) {
                    problems.add("image " + i.reference() + ": manifest blob " + i.digest() + " missing");
                } else {
                    images++;
                }
            }
        }
        return new Result(digests.size(), images, problems);
    }
}
