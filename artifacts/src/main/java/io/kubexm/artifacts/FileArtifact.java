package io.kubexm.artifacts;

import io.kubexm.api.Arch;
import java.util.Optional;

/**
 * One file of the bill of materials. Binaries and archives have an architecture and live
 * under {@code files/<component>/<version>/<arch>/}; manifests and charts have none and
 * live under {@code manifests/<component>/<version>/}.
 */
public record FileArtifact(String component, String version, Optional<Arch> arch, String url,
                           Verification verification) {

    public String fileName() {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Path inside build/packages, with '/' separators. */
    public String relativePath() {
        return arch.map(a -> "files/" + component + "/" + version + "/" + a.yaml() + "/" + fileName())
                .orElseGet(() -> "manifests/" + component + "/" + version + "/" + fileName());
    }

    public String archLabel() {
        return arch.map(Arch::yaml).orElse("-");
    }

    /** Names the file the way every error about it does. */
    public String label() {
        return component + " " + version + " " + archLabel() + " (" + url + ")";
    }

    public FileArtifact withUrl(String newUrl) {
        return new FileArtifact(component, version, arch, newUrl, verification);
    }

    public FileArtifact withVerification(Verification v) {
        return new FileArtifact(component, version, arch, url, v);
    }
}
