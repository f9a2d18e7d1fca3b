package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.util.List;

/** One image of the bill of materials with every platform the nodes need. */
public record ImageArtifact(String component, String reference, List<Arch> platforms) {
    public ImageArtifact {
        platforms = List.copyOf(platforms);
    }
}
