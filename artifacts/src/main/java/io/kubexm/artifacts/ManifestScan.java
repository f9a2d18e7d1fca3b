package io.kubexm.artifacts;

import java.util.List;

/** What the bill of materials knows of the images a manifest or chart names. */
public sealed interface ManifestScan {
    FileArtifact manifest();

    /** The manifest is in the bundle, verified, and names these images (canonical references). */
    record Scanned(FileArtifact manifest, List<String> images, List<String> templated) implements ManifestScan {
        public Scanned {
            images = List.copyOf(images);
            templated = List.copyOf(templated);
        }
    }

    /** Its images are known once it is fetched: {@code why} it is not read yet. */
    record Pending(FileArtifact manifest, String why) implements ManifestScan {}
}
