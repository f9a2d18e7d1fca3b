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
    private final PackageSet debs = new PackageSet("debian12", "deb", Arch.AMD64, List.of("socat"));

    private Bom bom(FileArtifact file, ImageArtifact image) {
        return new Bom(List.of(file), List.of(image), List.of(debs));
    }

    private BundleCheck.Result check(FileArtifact file, ImageArtifact image) throws Exception {
        return BundleCheck.check(bom(file, image), packages, Optional.of("10.0.0.20:5000"), Optional.empty());
    }

    @Test
    void listsEverythingMissingThenPassesWhenTheBundleIsComplete() throws Exception {
        BundleCheck.Result empty = BundleCheck.check(bom(runc, pause), packages, Optional.empty(), Optional.empty());
        assertThat(empty.missing()).containsExactly(
                "file files/runc/v1.1.5/amd64/runc.amd64 (" + runc.label() + ")",
                "image registry.k8s.io/pause:3.10 for [amd64]",
                "private registry: none configured, so nodes would pull 1 images from the internet"
                        + " (set registry.privateRegistry or give a host the registry role)",
                "OS package repository repos/debian12/amd64 (1 packages)");

        Path file = completeBundle();
        BundleCheck.Result ok = BundleCheck.check(bom(runc, pause), packages, Optional.of("10.0.0.20:5000"), Optional.of("kx"));
        assertThat(ok.missing()).isEmpty();
        assertThat(ok.rewrites()).containsExactly("registry.k8s.io/pause:3.10 -> 10.0.0.20:5000/kx/pause:3.10");

        // kubexm's own digest file disagreeing with the file is caught
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256("other bytes".getBytes()) + "  runc.amd64\n");
        assertThat(check(runc, pause).missing()).singleElement().asString()
                .startsWith("file files/runc/v1.1.5/amd64/runc.amd64: sha256 " + Digests.sha256(file))
                .contains("runc.amd64.sha256 says");
    }

    @Test
    void aFileReplacedTogetherWithItsOwnDigestFailsAgainstBomJsonAndThePin() throws Exception {
        Path file = completeBundle();
        Files.writeString(file, "evil bytes");
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "  runc.amd64\n");
        assertThat(check(runc, pause).missing()).singleElement().asString()
                .isEqualTo("file files/runc/v1.1.5/amd64/runc.amd64: sha256 " + Digests.sha256(file) + ", bom.json records "
                        + Digests.sha256("runc bytes".getBytes()));

        FileArtifact pinned = runc.withVerification(new Verification.Pinned(Digests.sha256("runc bytes".getBytes())));
        assertThat(check(pinned, pause).missing()).singleElement().asString()
                .endsWith(", pinned " + Digests.sha256("runc bytes".getBytes()));

        Files.delete(packages.resolve(BundleManifest.NAME));
        Files.writeString(file, "runc bytes");
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "  runc.amd64\n");
        assertThat(check(runc, pause).missing()).singleElement().asString().endsWith("but bom.json does not record it");
    }

    @Test
    void anEmptyOrTamperedRepositoryIndexFails() throws Exception {
        completeBundle();
        Path repo = packages.resolve("repos/debian12/amd64");
        Files.writeString(repo.resolve("Packages"), "");
        assertThat(check(runc, pause).missing())
                .containsExactly("OS package repository repos/debian12/amd64: its index does not list socat");

        Files.writeString(repo.resolve("socat_1.7_amd64.deb"), "other bytes");
        Files.writeString(repo.resolve("Packages"), packagesIndex());
        assertThat(check(runc, pause).missing()).containsExactly("OS package repository repos/debian12/amd64: "
                + "socat_1.7_amd64.deb has sha256 " + Digests.sha256("other bytes".getBytes()) + ", the index says "
                + Digests.sha256("socat bytes".getBytes()));

        Files.delete(repo.resolve("socat_1.7_amd64.deb"));
        assertThat(check(runc, pause).missing()).containsExactly(
                "OS package repository repos/debian12/amd64: socat_1.7_amd64.deb (socat) is listed but missing");
    }

    @Test
    void aSinglePlatformImageDoesNotServeAnotherArch() throws Exception {
        completeBundle();
        ImageArtifact both = new ImageArtifact("pause", pause.reference(), List.of(Arch.AMD64, Arch.ARM64));
        assertThat(check(runc, both).missing()).containsExactly("image registry.k8s.io/pause:3.10 for [amd64, arm64]");
        ImageArtifact arm = new ImageArtifact("pause", pause.reference(), List.of(Arch.ARM64));
        assertThat(check(runc, arm).missing()).containsExactly("image registry.k8s.io/pause:3.10 for [arm64]");
    }

    /** runc recorded as a download records it, an amd64-only pause image, and a debian12 repository with socat. */
    private Path completeBundle() throws Exception {
        Path file = packages.resolve(runc.relativePath());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "runc bytes");
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "  runc.amd64\n");
        BundleManifest.recordFiles(packages, new DownloadReport(List.of(new DownloadReport.Fetched(runc, runc.url(),
                Files.size(file), Digests.sha256(file), false)), List.of()));
        OciLayout layout = OciLayout.open(packages.resolve("images"));
        String config = layout.writeBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"config\":{\"digest\":\"" + config + "\"},\"layers\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        layout.tag(new OciLayout.Entry(pause.reference(), MediaTypes.OCI_MANIFEST, layout.writeBlob(manifest), manifest.length));
        Path repo = packages.resolve("repos/debian12/amd64");
        Files.createDirectories(repo);
        Files.writeString(repo.resolve("socat_1.7_amd64.deb"), "socat bytes");
        Files.writeString(repo.resolve("Packages"), packagesIndex());
        return file;
    }

    private static String packagesIndex() {
        return "Package: socat\nVersion: 1.7\nArchitecture: amd64\nFilename: ./socat_1.7_amd64.deb\nSize: 11\nSHA256: "
                + Digests.sha256("socat bytes".getBytes()) + "\n\n";
    }
}
