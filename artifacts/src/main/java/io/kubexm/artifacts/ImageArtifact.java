package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.util.List;
import java.util.Optional;

/**
 * One image of the bill of materials with every platform the nodes need.
 *
 * @param reference the image as manifests and nodes name it; the OCI layout keeps it under this name
 * @param pullFrom  where it is fetched from: the reference itself, or its zone mirror (KXZONE=cn)
 * @param manifest  the manifest or chart it was read from (its path in the bundle); empty for the
 *                  images kubexm itself runs (control plane, pause, static pods)
 */
public record ImageArtifact(String component, String reference, List<Arch> platforms, String pullFrom,
                            Optional<String> manifest) {
    public ImageArtifact {
        platforms = List.copyOf(platforms);
    }

    public ImageArtifact(String component, String reference, List<Arch> platforms) {
        this(component, reference, platforms, reference, Optional.empty());
    }
}
