package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.api.Arch;
import io.kubexm.api.ClusterConfigs;
import io.kubexm.api.Zone;
import io.kubexm.artifacts.Bom;
import io.kubexm.artifacts.BomCalculator;
import io.kubexm.artifacts.BundleManifest;
import io.kubexm.artifacts.Catalog;
import io.kubexm.artifacts.ClusterBom;
import io.kubexm.artifacts.Digests;
import io.kubexm.artifacts.DownloadReport;
import io.kubexm.artifacts.Downloader;
import io.kubexm.artifacts.FileArtifact;
import io.kubexm.artifacts.ForeignJmods;
import io.kubexm.artifacts.ImageArtifact;
import io.kubexm.artifacts.NginxMirror;
import io.kubexm.artifacts.oci.MediaTypes;
import io.kubexm.artifacts.oci.OciLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * download --check, dist and verify-dist through the real commands: a bundle holding exactly what a
 * cluster needs passes, one file swapped (with kubexm's own digest beside it) is named, dist refuses it,
 * and the archive dist writes from the intact bundle passes verify-dist.
 */
class BundleCommandsTest {
    private static final String CLUSTER = """
            apiVersion: kubexm.io/v1alpha1
            kind: Cluster
            metadata: {name: bundle}
            spec:
              hosts:
                - {name: m1, address: 10.0.0.11, password: x}
              roleGroups:
                etcd: [m1]
                master: [m1]
                worker: [m1]
                registry: [m1]
            """;

    @TempDir
    Path dir;

    @Test
    void checkDistAndVerifyDistJudgeTheBundle() throws Exception {
        Path cluster = dir.resolve("cluster.yaml");
        Files.writeString(cluster, CLUSTER);
        Path packages = dir.resolve("packages");
        Path versions = dir.resolve("versions.yaml");
        List<FileArtifact> files = completeBundle(cluster, packages, versions);
        String[] check = {"download", "--check", "-f", cluster.toString(), "--versions", versions.toString(),
                "--output", packages.toString()};

        CliRun ok = run(check);
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.out()).contains("image registry.k8s.io/pause:3.10 -> 10.0.0.11:5000/pause:3.10",
                "holds every file and image: " + files.size() + " files",
                "OS packages were not checked: name the nodes' systems with --os");

        CliRun noRepo = run(append(check, "--os", "debian12"));
        assertThat(noRepo.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(noRepo.out()).contains("missing from " + packages + " (1):",
                "  - OS package repository repos/debian12/amd64 (", "run the same kubexm download without --check");

        // Swap kubectl, and its .sha256 with it: the pin and bom.json still know the real digest.
        FileArtifact kubectl = files.stream().filter(f -> f.component().equals("kubectl")).findFirst().orElseThrow();
        Path file = packages.resolve(kubectl.relativePath());
        byte[] original = Files.readAllBytes(file);
        Files.writeString(file, "evil");
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "\n");
        CliRun tampered = run(check);
        assertThat(tampered.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(tampered.out()).contains("  - file " + kubectl.relativePath() + ": sha256 " + Digests.sha256(file)
                + ", pinned " + Digests.sha256(original));

        String[] dist = {"dist", "-f", cluster.toString(), "--versions", versions.toString(), "--packages",
                packages.toString(), "--output", dir.resolve("out").toString(), "--cli-jar", cliJar().toString()};
        CliRun refused = run(dist);
        assertThat(refused.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(refused.err()).contains("kubexm dist: the bundle in " + packages + " lacks what cluster bundle needs:",
                "  - file " + kubectl.relativePath() + ": sha256 ", "run kubexm download --cluster=bundle first");

        Files.write(file, original);
        Files.writeString(Downloader.sidecarOf(file), Digests.sha256(file) + "\n");
        CliRun written = run(dist);
        assertThat(written.exit()).as(written.toString()).isZero();
        Path archive;
        try (var s = Files.list(dir.resolve("out"))) {
            archive = s.filter(p -> p.getFileName().toString().startsWith("kubexm-dist-")).findFirst().orElseThrow();
        }
        assertThat(written.out()).startsWith("wrote " + archive + " (").contains("kubexm verify-dist " + archive);

        CliRun verified = run("verify-dist", archive.toString());
        assertThat(verified.exit()).as(verified.toString()).isZero();
        assertThat(verified.out()).startsWith(archive + ": OK (").contains(" images)");

        // An arm64 control node: its runtime is linked here from the catalog's arm64 jmods archive, fetched
        // through --mirror from a loopback mirror serving it (Debian's arm64 OpenJDK in Temurin's shape);
        // DistTest runs such a runtime under qemu.
        CliRun noJmods = run(append(dist, "--arch", "arm64", "--jdk-jmods", Files.createDirectories(dir.resolve("empty")).toString()));
        assertThat(noJmods.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(noJmods.err()).startsWith("kubexm dist: no java.base.jmod in " + dir.resolve("empty"))
                .contains("give the arm64 jmods with --jdk-jmods DIR");
        ForeignJmods.publishArm64(Catalog.builtIn(), dir.resolve("mirror"));
        try (NginxMirror mirror = NginxMirror.serve(dir.resolve("mirror"), dir.resolve("nginx"))) {
            CliRun arm = run(append(dist, "--arch", "arm64", "--mirror", mirror.base()));
            assertThat(arm.exit()).as(arm.toString()).isZero();
            Path armArchive = dir.resolve("out").resolve(archive.getFileName().toString().replace("-amd64.tar.gz", "-arm64.tar.gz"));
            assertThat(arm.out()).startsWith("linking the arm64 runtime from " + dir.resolve("cache/jdk/files/jdk-jmods/"))
                    .contains("wrote " + armArchive + " (");
            CliRun armVerified = run("verify-dist", armArchive.toString());
            assertThat(armVerified.exit()).as(armVerified.toString()).isZero();
        }

        Path truncated = dir.resolve("truncated.tar.gz");
        byte[] bytes = Files.readAllBytes(archive);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        CliRun broken = run("verify-dist", truncated.toString());
        assertThat(broken.exit()).as(broken.toString()).isEqualTo(Main.EXIT_RUN_FAILED);

        CliRun absent = run("verify-dist", dir.resolve("nope.tar.gz").toString());
        assertThat(absent.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(absent.err()).isEqualTo(dir.resolve("nope.tar.gz") + ": no such file\n");
    }

    /**
     * Every file of the cluster's bill of materials (stand-in bytes, pinned by a versions file as a user
     * would pin them), recorded in bom.json as download records it, and every image as an amd64 image.
     */
    private List<FileArtifact> completeBundle(Path cluster, Path packages, Path versions) throws Exception {
        Bom bom = new BomCalculator(Catalog.builtIn(), Zone.DEFAULT)
                .compute(ClusterBom.request(ClusterConfigs.load(cluster), List.of()));
        StringBuilder pins = new StringBuilder("checksums:\n");
        List<DownloadReport.Fetched> fetched = new ArrayList<>();
        for (FileArtifact f : bom.files()) {
            Path p = packages.resolve(f.relativePath());
            Files.createDirectories(p.getParent());
            Files.writeString(p, "stand-in for " + f.relativePath());
            String sha = Digests.sha256(p);
            Files.writeString(Downloader.sidecarOf(p), sha + "\n");
            f.arch().ifPresent(a -> pins.append("  ").append(f.component()).append(": {").append(a.yaml()).append(": {")
                    .append(f.version()).append(": ").append(sha).append("}}\n"));
            fetched.add(new DownloadReport.Fetched(f, f.url(), Files.size(p), sha, false));
        }
        Files.writeString(versions, pins);
        BundleManifest.recordFiles(packages, new DownloadReport(fetched, List.of()));
        OciLayout layout = OciLayout.open(packages.resolve("images"));
        String config = layout.writeBlob("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes(StandardCharsets.UTF_8));
        byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST + "\",\"config\":{\"digest\":\""
                + config + "\",\"size\":40},\"layers\":[]}").getBytes(StandardCharsets.UTF_8);
        String digest = layout.writeBlob(manifest);
        for (ImageArtifact image : bom.images()) {
            assertThat(image.platforms()).containsExactly(Arch.AMD64);
            layout.tag(new OciLayout.Entry(image.reference(), MediaTypes.OCI_MANIFEST, digest, manifest.length));
        }
        return bom.files();
    }

    /** A one-class jar standing in for kubexm.jar (dist links a runtime for whatever it needs). */
    private Path cliJar() throws Exception {
        Path src = Files.createDirectories(dir.resolve("src/demo"));
        Files.writeString(src.resolve("Main.java"), "package demo; public class Main { public static void main(String[] a) {} }");
        Path bin = dir.resolve("bin");
        Path jdk = Path.of(System.getProperty("java.home"));
        exec(dir, jdk.resolve("bin/javac").toString(), "--release", "21", "-d", bin.toString(), src.resolve("Main.java").toString());
        Path jar = Files.createDirectories(dir.resolve("cli")).resolve("kubexm.jar");
        exec(bin, jdk.resolve("bin/jar").toString(), "cfe", jar.toString(), "demo.Main", "demo/Main.class");
        return jar;
    }

    private static void exec(Path cwd, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(cwd.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", cmd) + ": " + out).isZero();
    }

    private static String[] append(String[] a, String... more) {
        String[] out = java.util.Arrays.copyOf(a, a.length + more.length);
        System.arraycopy(more, 0, out, a.length, more.length);
        return out;
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
