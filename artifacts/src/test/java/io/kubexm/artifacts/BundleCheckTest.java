package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.artifacts.oci.MediaTypes;
import io.kubexm.artifacts.oci.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleCheckTest {
    @TempDir
    Path packages;

    private final FileArtifact runc = new FileArtifact("runc", "v1.1.5", Optional.of(Arch.AMD64),
            "https://github.com/opencontainers/runc/releases/download/v1.1.5/runc.amd64",
            new Verification.Sums("https://github.com/opencontainers/runc/releases/download/v1.1.5/runc.sha256sum"));
    private final ImageArtifact pause = new ImageArtifact("pause", "registry.k8s.io/pause:3.10", List.of(Arch.AMD64));

    private Bom bom() {
        return new Bom(List.of(runc), List.of(pause),
                List.of(new PackageSet("debian12", "deb", Arch.AMD64, List.of("socat"))));
    }

    @Test
    void listsEverythingMissingThenPassesWhenTheBundleIsComplete() throws Exception {
        BundleCheck.Result empty = BundleCheck.check(bom(), packages, Optional.empty(), Optional.empty());
        assertThat(empty.missing()).containsExactly(
                "file files/runc/v1.1.5/amd64/runc.amd64 (" + runc.label() + ")",
                "image registry.k8s.io/pause:3.10 for [amd64]",
                "private registry: none configured, so nodes would pull 1 images from the internet"
                        + " (set registry.privateRegistry or give a host the registry role)",
                "OS package repository repos/debian12/amd64 (1 packages)");

        Path file = packages.resolve(runc.relativePath());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "runc bytes");
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256("other bytes".getBytes()) + "  runc.amd64\n");
        OciLayout layout = OciLayout.open(packages.resolve("images"));
        String config = layout.writeBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"config\":{\"digest\":\"" + config + "\"},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        layout.tag(new OciLayout.Entry(pause.reference(), MediaTypes.OCI_MANIFEST, layout.writeBlob(manifest), manifest.length));
        Files.createDirectories(packages.resolve("repos/debian12/amd64"));
        Files.writeString(packages.resolve("repos/debian12/amd64/Packages"), "");

        BundleCheck.Result corrupt = BundleCheck.check(bom(), packages, Optional.of("10.0.0.20:5000"), Optional.of("kx"));
        assertThat(corrupt.missing()).singleElement().asString()
                .startsWith("file files/runc/v1.1.5/amd64/runc.amd64: sha256 " + Digests.sha256(file));
        assertThat(corrupt.rewrites()).containsExactly("registry.k8s.io/pause:3.10 -> 10.0.0.20:5000/kx/pause:3.10");

        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "  runc.amd64\n");
        assertThat(BundleCheck.check(bom(), packages, Optional.of("10.0.0.20:5000"), Optional.empty()).ok()).isTrue();
    }
}
