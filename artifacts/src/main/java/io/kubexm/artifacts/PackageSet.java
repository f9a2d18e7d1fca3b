package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.util.List;

/** The OS packages one OS and architecture needs, before dependency resolution. */
public record PackageSet(String os, String family, Arch arch, List<String> packages) {
    public PackageSet {
        packages = List.copyOf(packages);
    }

    /** Path of its repository inside build/packages. */
    public String relativePath() {
        return "repos/" + os + "/" + arch.yaml();
    }
}
