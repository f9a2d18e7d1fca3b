package io.kubexm.artifacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.api.Arch;
import io.kubexm.artifacts.oci.ImagePuller;
import io.kubexm.artifacts.oci.MediaTypes;
import io.kubexm.artifacts.oci.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A dist archive with a real jlink runtime: verified, unpacked with tar and run; tampering is caught.
 * An arm64 dist is linked on this amd64 machine from arm64 jmods (Debian's arm64 OpenJDK, cached by
 * scripts/arm64-jdk.sh, repackaged in Temurin's archive shape and fetched from a loopback mirror at
 * Temurin's upstream path), and its runtime runs under qemu-aarch64-static.
 */
class DistTest {
    @TempDir
    Path dir;

    private static String run(Path workDir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(workDir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    /** A small CLI jar whose manifest names a library jar beside it, as kubexm.jar does. */
    private Path cliJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Lib.java"), "package demo; public class Lib { public static String hi() { return \"hello\"; } }");
        Files.writeString(src.resolve("Main.java"), """
                package demo;
                public class Main {
                    public static void main(String[] a) throws Exception {
                        java.net.http.HttpClient.newHttpClient();
                        System.out.println(Lib.hi() + " from " + System.getProperty("java.home"));
                    }
                }
                """);
        Path bin = dir.resolve("bin");
        Path jdk = Path.of(System.getProperty("java.home"));
        run(dir, jdk.resolve("bin/javac").toString(), "--release", "21", "-d", bin.toString(),
                src.resolve("Lib.java").toString(), src.resolve("Main.java").toString());
        Path cli = Files.createDirectories(dir.resolve("cli"));
        Files.createDirectories(cli.resolve("lib"));
        run(bin, jdk.resolve("bin/jar").toString(), "cf", cli.resolve("lib/demo-lib.jar").toString(), "demo/Lib.class");
        Files.writeString(dir.resolve("manifest.txt"), "Class-Path: lib/demo-lib.jar\n");
        run(bin, jdk.resolve("bin/jar").toString(), "cfem", cli.resolve("kubexm.jar").toString(), "demo.Main",
                dir.resolve("manifest.txt").toString(), "demo/Main.class");
        return cli.resolve("kubexm.jar");
    }

    /** A bundle with one verified file and one image. */
    private Path bundle() throws Exception {
        Path packages = dir.resolve("packages");
        FileArtifact f = new FileArtifact("runc", "v1.1.5", Optional.of(Arch.AMD64),
                "https://github.com/opencontainers/runc/releases/download/v1.1.5/runc.amd64", new Verification.Unknown());
        Path file = packages.resolve(f.relativePath());
        Files.createDirectories(file.getParent());
        Files.writeString(file, "not really runc\n");
        String sha = Digests.sha256(file);
        BundleManifest.recordFiles(packages, new DownloadReport(
                List.of(new DownloadReport.Fetched(f, f.url(), Files.size(file), sha, false)), List.of()));

        OciLayout layout = OciLayout.open(packages.resolve("images"));
        String config = layout.writeBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        String layer = layout.writeBlob("layer bytes".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"digest\":\""
                + config + "\",\"size\":40},\"layers\":[{\"digest\":\"" + layer + "\",\"size\":11}]}")
                .getBytes(StandardCharsets.UTF_8);
        String digest = layout.writeBlob(manifest);
        layout.tag(new OciLayout.Entry("registry.k8s.io/pause:3.10", MediaTypes.OCI_MANIFEST, digest, manifest.length));
        BundleManifest.recordImages(packages, List.of(new ImagePuller.Pulled("registry.k8s.io/pause:3.10", digest,
                List.of("linux/amd64"), false)));
        PackageSet set = new PackageSet("debian12", "deb", Arch.AMD64, List.of("socat"));
        Path repo = Files.createDirectories(packages.resolve(set.relativePath()));
        Files.writeString(repo.resolve("socat_1.7_amd64.deb"), "not really socat\n");
        BundleManifest.recordRepos(packages, List.of(new OsRepos.Built(set, repo, 1, 1, "http://deb.debian.org/debian",
                List.of(new OsRepos.PackageFile("socat_1.7_amd64.deb", "socat", Files.size(repo.resolve("socat_1.7_amd64.deb")),
                        Digests.sha256(repo.resolve("socat_1.7_amd64.deb")),
                        "http://deb.debian.org/debian/pool/main/s/socat/socat_1.7_amd64.deb")))));
        return packages;
    }

    @Test
    void theArchiveVerifiesUnpacksAndRunsOnItsOwnRuntime() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Arch arch = Dist.jdkArch(jdk);
        Path archive = Dist.build(new Dist.Request(cliJar(), bundle(), jdk, arch, "9.9.9", dir.resolve("out"), Optional.empty()),
                Files.createDirectories(dir.resolve("scratch")));
        assertThat(archive.getFileName().toString()).isEqualTo("kubexm-dist-9.9.9-" + arch.yaml() + ".tar.gz");

        DistVerifier.Result ok = DistVerifier.verify(archive);
        assertThat(ok.problems()).isEmpty();
        assertThat(ok.images()).isEqualTo(1);

        // GNU tar unpacks it, sha256sum agrees with SHA256SUMS, and the launcher runs on the bundled runtime.
        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        run(unpacked, "tar", "-xzf", archive.toString());
        Path top = unpacked.resolve("kubexm-dist-9.9.9-" + arch.yaml());
        assertThat(run(top, "sha256sum", "--quiet", "-c", Dist.SUMS)).isEmpty();
        assertThat(run(top, "./kubexm")).startsWith("hello from " + top.resolve("runtime"));
        assertThat(top.resolve("build/packages/files/runc/v1.1.5/amd64/runc.amd64")).hasContent("not really runc");

        // One byte changed in a bundled file is caught, twice over.
        Path tampered = dir.resolve("tampered.tar.gz");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)));
             TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(tampered)))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                if (e.getName().endsWith("runc.amd64") || e.getName().endsWith("socat_1.7_amd64.deb")) {
                    bytes[0] = 'N';
                }
                out.putArchiveEntry(e);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        DistVerifier.Result bad = DistVerifier.verify(tampered);
        assertThat(bad.problems()).hasSize(4)
                .anySatisfy(p -> assertThat(p).startsWith("build/packages/repos/debian12/amd64/socat_1.7_amd64.deb: sha256 ")
                        .contains("bom.json says " + Digests.sha256("not really socat\n".getBytes())))
                .anySatisfy(p -> assertThat(p)
                .startsWith("build/packages/files/runc/v1.1.5/amd64/runc.amd64: sha256 ").contains("SHA256SUMS says"))
                .anySatisfy(p -> assertThat(p).contains("bom.json says " + Digests.sha256("not really runc\n".getBytes())));
    }

    @Test
    void refusesWithoutABundleOrWithAJdkOfAnotherArch() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        Arch arch = Dist.jdkArch(jdk);
        Arch other = arch == Arch.AMD64 ? Arch.ARM64 : Arch.AMD64;
        Path scratch = Files.createDirectories(dir.resolve("scratch"));
        assertThatThrownBy(() -> Dist.build(new Dist.Request(cliJar(), bundle(), jdk, other, "1", dir, Optional.empty()), scratch))
                .hasMessageContaining("is for " + arch.yaml() + ", the control node is " + other.yaml()
                        + ": a JDK links a runtime for another arch only from that arch's jmods")
                .hasMessageContaining("--jdk-jmods DIR");
        assertThatThrownBy(() -> Dist.build(new Dist.Request(cliJar(), dir.resolve("empty"), jdk, arch, "1", dir,
                Optional.empty()), scratch)).hasMessageContaining("run kubexm download first");
        assertThatThrownBy(() -> Jmods.locate(Files.createDirectories(dir.resolve("no-jmods"))))
                .hasMessageStartingWith("no java.base.jmod in " + dir.resolve("no-jmods"));
    }

    /** A jmods directory whose java.base.jmod says it is another feature release (its version string patched in place). */
    private Path otherRelease(Path jmods) throws Exception {
        byte[] info;
        try (var in = Files.newInputStream(jmods.resolve("java.base.jmod"))) {
            in.readNBytes(4); // "JM" 1 0, then a zip
            java.util.zip.ZipInputStream zip = new java.util.zip.ZipInputStream(in);
            while (!zip.getNextEntry().getName().equals("classes/module-info.class")) {
                zip.closeEntry();
            }
            info = zip.readAllBytes();
        }
        String real = Jmods.javaBaseVersion(jmods).toString();
        String other = (Runtime.version().feature() == 21 ? "22" : "21") + real.substring(2); // same length
        String text = new String(info, StandardCharsets.ISO_8859_1);
        assertThat(text).contains(real);
        byte[] patched = text.replace(real, other).getBytes(StandardCharsets.ISO_8859_1);
        Path out = Files.createDirectories(dir.resolve("older-jmods"));
        try (var file = Files.newOutputStream(out.resolve("java.base.jmod"))) {
            file.write(new byte[] {'J', 'M', 1, 0});
            java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(file);
            zip.putNextEntry(new java.util.zip.ZipEntry("classes/module-info.class"));
            zip.write(patched);
            zip.closeEntry();
            zip.finish();
        }
        return out;
    }

    @Test
    void theCatalogsJmodsArchiveIsTemurinsForEachArch() {
        Catalog catalog = Catalog.builtIn();
        String version = catalog.version("jdk");
        FileArtifact arm = Jmods.artifact(catalog, Arch.ARM64);
        String release = version.replace('+', '_');
        String base = "https://github.com/adoptium/temurin25-binaries/releases/download/jdk-" + version.replace("+", "%2B") + "/";
        assertThat(arm.url()).isEqualTo(base + "OpenJDK25U-jmods_aarch64_linux_hotspot_" + release + ".tar.gz");
        assertThat(arm.verification()).isEqualTo(new Verification.Sidecar(arm.url() + ".sha256.txt"));
        assertThat(Jmods.artifact(catalog, Arch.AMD64).url()).isEqualTo(base + "OpenJDK25U-jmods_x64_linux_hotspot_" + release + ".tar.gz");
    }

    @Test
    void anArm64DistIsLinkedHereFromArm64JmodsFetchedThroughAMirrorAndRunsUnderQemu() throws Exception {
        Path jdk = Path.of(System.getProperty("java.home"));
        org.junit.jupiter.api.Assumptions.assumeTrue(Dist.jdkArch(jdk) == Arch.AMD64, "links arm64 from an amd64 machine");
        Path cache = ForeignJmods.arm64Cache();
        Catalog catalog = Catalog.builtIn();
        ForeignJmods.publishArm64(catalog, dir.resolve("mirror"));

        Path jmods;
        try (NginxMirror nginx = NginxMirror.serve(dir.resolve("mirror"), dir.resolve("nginx"))) {
            Downloader.Options options = Downloader.Options.defaults().withMirror(Mirror.of(nginx.base()));
            jmods = Jmods.fetch(catalog, Arch.ARM64, options, dir.resolve("cache"));
            assertThat(Jmods.fetch(catalog, Arch.ARM64, options, dir.resolve("cache"))).isEqualTo(jmods);
            assertThat(nginx.accessLog()).filteredOn(l -> l.startsWith("GET ") && l.contains(".tar.gz 200"))
                    .as("fetched once").hasSize(1);
        }
        assertThat(jmods.resolve("java.base.jmod")).exists();

        // jmods of another feature release than the linking JDK's are refused before jlink runs
        Path older = otherRelease(jmods);
        String jdkVersion = Runtime.version().version().stream().limit(3).map(String::valueOf)
                .collect(java.util.stream.Collectors.joining("."));
        assertThatThrownBy(() -> Dist.build(new Dist.Request(cliJar(), bundle(), jdk, Arch.ARM64, "9.9.9", dir.resolve("out"),
                Optional.of(older)), Files.createDirectories(dir.resolve("scratch"))))
                .hasMessageStartingWith("the jmods in " + older + " are Java " + Jmods.javaBaseVersion(older) + ", the JDK at "
                        + jdk + " is " + jdkVersion + ": jlink links only its own feature release");
        assertThat(Jmods.javaBaseVersion(older).feature()).isNotEqualTo(Runtime.version().feature());

        Path archive = Dist.build(new Dist.Request(cliJar(), bundle(), jdk, Arch.ARM64, "9.9.9", dir.resolve("out"),
                Optional.of(jmods)), Files.createDirectories(dir.resolve("scratch")));
        assertThat(archive.getFileName().toString()).isEqualTo("kubexm-dist-9.9.9-arm64.tar.gz");
        DistVerifier.Result ok = DistVerifier.verify(archive);
        assertThat(ok.problems()).isEmpty();

        Path unpacked = Files.createDirectories(dir.resolve("unpacked"));
        run(unpacked, "tar", "-xzf", archive.toString());
        Path top = unpacked.resolve("kubexm-dist-9.9.9-arm64");
        assertThat(run(top, "file", "-b", "runtime/bin/java", "runtime/lib/server/libjvm.so"))
                .contains("ELF 64-bit LSB pie executable, ARM aarch64").contains("ELF 64-bit LSB shared object, ARM aarch64");
        assertThat(run(top, "sha256sum", "--quiet", "-c", Dist.SUMS)).isEmpty();
        // what ./kubexm runs, on an arm64 CPU emulated by Debian's qemu-user-static with an arm64 libc
        assertThat(run(top, "qemu-aarch64-static", "-L", cache.resolve("sysroot").toString(), "runtime/bin/java",
                "-jar", "kubexm.jar")).startsWith("hello from " + top.resolve("runtime"));

        // The same archive named for amd64 is caught by verify-dist: its runtime is arm64.
        Path renamed = dir.resolve("renamed.tar.gz");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new GzipCompressorInputStream(Files.newInputStream(archive)));
             TarArchiveOutputStream out = new TarArchiveOutputStream(new GzipCompressorOutputStream(Files.newOutputStream(renamed)))) {
            out.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            TarArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                byte[] bytes = in.readAllBytes();
                e.setName(e.getName().replace("kubexm-dist-9.9.9-arm64/", "kubexm-dist-9.9.9-amd64/"));
                out.putArchiveEntry(e);
                out.write(bytes);
                out.closeArchiveEntry();
            }
        }
        assertThat(DistVerifier.verify(renamed).problems()).containsExactly("runtime/bin/java: arm64, the archive is for amd64");
    }
}
