package io.kubexm.artifacts;

import java.util.List;

/**
 * The bill of materials: everything an offline site needs, computed, never kept by hand.
 *
 * @param images    the images kubexm runs itself, then those its manifests and charts name
 * @param manifests for each manifest and chart, whether its images are in {@code images} yet
 */
public record Bom(List<FileArtifact> files, List<ImageArtifact> images, List<PackageSet> packages,
                  List<ManifestScan> manifests) {
    public Bom {
        files = List.copyOf(files);
        images = List.copyOf(images);
        packages = List.copyOf(packages);
        manifests = List.copyOf(manifests);
    }

    public Bom(List<FileArtifact> files, List<ImageArtifact> images, List<PackageSet> packages) {
        this(files, images, packages, List.of());
    }

    /** The manifests whose images are not known until they are fetched. */
    public List<ManifestScan.Pending> pending() {
        return manifests.stream().filter(m -> m instanceof ManifestScan.Pending)
                .map(m -> (ManifestScan.Pending) m).toList();
    }

    /** The manifests and charts: small files whose images the bill of materials reads. */
    public List<FileArtifact> manifestFiles() {
        return manifests.stream().map(ManifestScan::manifest).toList();
    }
}
