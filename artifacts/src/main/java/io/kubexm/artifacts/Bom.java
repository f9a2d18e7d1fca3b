package io.kubexm.artifacts;

import java.util.List;

/** The bill of materials: everything an offline site needs, computed, never kept by hand. */
public record Bom(List<FileArtifact> files, List<ImageArtifact> images, List<PackageSet> packages) {
    public Bom {
        files = List.copyOf(files);
        images = List.copyOf(images);
        packages = List.copyOf(packages);
    }
}
