package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import io.kubexm.artifacts.oci.ImageReference;
import io.kubexm.artifacts.oci.OciLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Proves a cluster needs nothing outside the bundle: every file present with its digest,
 * every image in the layout with every platform, a private registry that every image
 * reference is rewritten to, and an OS package repository per OS and arch.
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
        for (FileArtifact f : bom.files()) {
            Path p = packagesDir.resolve(f.relativePath());
            if (!Files.isRegularFile(p)) {
                missing.add("file " + f.relativePath() + " (" + f.label() + ")");
                continue;
            }
            String actual = Digests.sha256(p);
            Path sidecar = Downloader.sidecarOf(p);
            String recorded = Files.isRegularFile(sidecar) ? Files.readString(sidecar).strip().split("\\s+")[0] : "";
            String expected = f.verification() instanceof Verification.Pinned pin ? pin.sha256() : recorded;
            if (!actual.equals(expected)) {
                missing.add("file " + f.relativePath() + ": sha256 " + actual + ", expected "
                        + (expected.isEmpty() ? "a recorded digest (no " + sidecar.getFileName() + ")" : expected));
            }
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
            Path repo = packagesDir.resolve(set.relativePath());
            boolean indexed = set.family().equals("deb")
                    ? Files.isRegularFile(repo.resolve("Packages.gz")) || Files.isRegularFile(repo.resolve("Packages"))
                    : Files.isRegularFile(repo.resolve("repodata/repomd.xml"));
            if (!indexed) {
                missing.add("OS package repository " + set.relativePath() + " (" + set.packages().size() + " packages)");
            }
        }
        return new Result(missing, rewrites);
    }
}
