package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.artifacts.oci.ImageReference;
import io.kubexm.artifacts.oci.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Proves a cluster needs nothing outside the bundle: every file present with the digest
 * kubexm pins and bom.json records, every image in the layout with every platform (those its
 * manifests name included, so the bill of materials must be computed against the bundle), a
 * private registry that every image reference is rewritten to, and an OS package
 * repository per OS and arch whose index lists every requested package and whose files
 * match it.
 */
public final class BundleCheck {

    /** {@code rewrites}: each image's source reference and where nodes will pull it from. */
    public record Result(List<String> missing, List<String> rewrites) {
        public Result {
            missing = List.copyOf(missing);
            rewrites = List.copyOf(rewrites);
        }

        public boolean ok() {
            return missing.isEmpty();
        }
    }

    private BundleCheck() {
    }

    public static Result check(Bom bom, Path packagesDir, Optional<String> privateRegistry,
                               Optional<String> namespaceOverride) throws IOException {
        List<String> missing = new ArrayList<>();
        Map<String, BundleManifest.FileEntry> recorded = BundleManifest.read(packagesDir).files().stream()
                .collect(Collectors.toMap(BundleManifest.FileEntry::path, e -> e, (a, b) -> b));
        for (FileArtifact f : bom.files()) {
            fileProblem(f, packagesDir, recorded).ifPresent(missing::add);
        }
        for (ManifestScan.Pending p : bom.pending()) {
            missing.add("images of " + p.manifest().relativePath() + ": unknown, " + p.why());
        }
        Path layoutDir = packagesDir.resolve(ImageDownload.LAYOUT_DIR);
        OciLayout layout = Files.isRegularFile(layoutDir.resolve("index.json")) ? OciLayout.open(layoutDir) : null;
        List<String> rewrites = new ArrayList<>();
        for (ImageArtifact image : bom.images()) {
            Optional<OciLayout.Entry> entry = Optional.empty();
            if (layout != null) {
                entry = layout.entries().stream().filter(e -> e.reference().equals(image.reference())).findFirst();
            }
            if (entry.isEmpty() || !layout.holds(entry.get(), image.platforms())) {
                missing.add("image " + image.reference() + " for " + image.platforms().stream().map(Arch::yaml).toList());
            }
            privateRegistry.ifPresent(r -> rewrites.add(image.reference() + " -> "
                    + ImageReference.parse(image.reference()).relocate(r, namespaceOverride)));
        }
        if (privateRegistry.isEmpty() && !bom.images().isEmpty()) {
            missing.add("private registry: none configured, so nodes would pull " + bom.images().size()
                    + " images from the internet (set registry.privateRegistry or give a host the registry role)");
        }
        for (PackageSet set : bom.packages()) {
            missing.addAll(repoProblems(set, packagesDir));
        }
        return new Result(missing, rewrites);
    }

    /**
     * A file must match its pinned digest (when kubexm knows one), the digest bom.json records for it (what
     * verify-dist and the nodes trust) and the digest kept beside it; any disagreement means it was altered.
     */
    private static Optional<String> fileProblem(FileArtifact f, Path packagesDir,
                                                Map<String, BundleManifest.FileEntry> recorded) throws IOException {
        Path p = packagesDir.resolve(f.relativePath());
        if (!Files.isRegularFile(p)) {
            return Optional.of("file " + f.relativePath() + " (" + f.label() + ")");
        }
        String actual = Digests.sha256(p);
        String prefix = "file " + f.relativePath() + ": sha256 " + actual + ", ";
        if (f.verification() instanceof Verification.Pinned pin && !pin.sha256().equals(actual)) {
            return Optional.of(prefix + "pinned " + pin.sha256());
        }
        BundleManifest.FileEntry entry = recorded.get(f.relativePath());
        if (entry == null) {
            return Optional.of(prefix + "but " + BundleManifest.NAME + " does not record it");
        }
        if (!entry.sha256().equals(actual)) {
            return Optional.of(prefix + BundleManifest.NAME + " records " + entry.sha256());
        }
        Path sidecar = Downloader.sidecarOf(p);
        if (Files.isRegularFile(sidecar)) {
            String kept = Files.readString(sidecar).strip().split("\\s+")[0];
            if (!kept.equals(actual)) {
                return Optional.of(prefix + sidecar.getFileName() + " says " + kept);
            }
        }
        return Optional.empty();
    }

    /** The repository's index lists every requested package, and every file it lists is there with its digest. */
    private static List<String> repoProblems(PackageSet set, Path packagesDir) throws IOException {
        Path repo = packagesDir.resolve(set.relativePath());
        String where = "OS package repository " + set.relativePath();
        Optional<RepoIndex> index = RepoIndex.read(repo, set.family());
        if (index.isEmpty()) {
            return List.of(where + " (" + set.packages().size() + " packages)");
        }
        List<String> out = new ArrayList<>();
        List<String> unlisted = set.packages().stream().filter(n -> !index.get().lists(n)).toList();
        if (!unlisted.isEmpty()) {
            out.add(where + ": its index does not list " + String.join(", ", unlisted));
        }
        for (RepoIndex.Entry e : index.get().entries()) {
            Path file = repo.resolve(e.file());
            if (!Files.isRegularFile(file)) {
                out.add(where + ": " + e.file() + " (" + e.name() + ") is listed but missing");
            } else if (!e.sha256().isEmpty() && !Digests.sha256(file).equals(e.sha256())) {
                out.add(where + ": " + e.file() + " has sha256 " + Digests.sha256(file) + ", the index says " + e.sha256());
            }
        }
        return out;
    }
}
