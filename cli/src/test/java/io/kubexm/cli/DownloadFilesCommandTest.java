package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubexm.artifacts.NginxMirror;
import io.kubexm.artifacts.UpstreamFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kubexm download of files from Debian's nginx serving upstream-shaped release files: what
 * the mirror has is fetched and verified, what it lacks fails by name, the run exits 1 with
 * a summary, and events are JSON lines when stdout is no terminal.
 */
class DownloadFilesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fetchesWhatTheMirrorHasNamesWhatItLacksAndEmitsJsonEvents(@TempDir Path dir) throws Exception {
        UpstreamFixture upstream = UpstreamFixture.build(dir.resolve("mirror"), dir.resolve("scratch"));
        Path versions = dir.resolve("versions.yaml");
        Files.writeString(versions, upstream.versionsFile(true));
        Path packages = dir.resolve("packages");
        try (NginxMirror mirror = NginxMirror.serve(upstream.root, dir.resolve("nginx"))) {
            String[] args = {"download", "--no-images", "--runtime", "containerd", "--cni", "none", "--storage", "",
                    "--no-nodelocaldns", "--registry", "none", "--versions", versions.toString(), "--mirror", mirror.base(),
                    "--output", packages.toString()};
            CliRun first = run(args);
            assertThat(first.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
            List<JsonNode> events = new ArrayList<>();
            for (String line : first.out().split("\n")) {
                events.add(JSON.readTree(line));
            }
            assertThat(events).filteredOn(e -> e.path("event").asText().equals("downloaded"))
                    .extracting(e -> e.path("component").asText())
                    .containsExactlyInAnyOrder("kubectl", "etcd", "containerd", "runc", "cni-plugins");
            assertThat(events).filteredOn(e -> e.path("event").asText().equals("failed"))
                    .extracting(e -> e.path("component").asText())
                    .containsExactlyInAnyOrder("kubeadm", "kubelet", "crictl", "nerdctl", "helm");
            assertThat(first.err()).contains("5 files verified (5 downloaded, 0 already present), 5 failed",
                    "not found (HTTP 404) for kubeadm v1.32.4 amd64 at " + mirror.base()
                            + "/dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubeadm",
                    "nothing verified is fetched twice");
            JsonNode bom = JSON.readTree(packages.resolve("bom.json").toFile());
            assertThat(bom.path("files")).hasSize(5);

            CliRun second = run(args);
            assertThat(second.out()).contains("\"event\":\"cached\"").doesNotContain("\"event\":\"downloaded\"");
            assertThat(second.err()).contains("5 files verified (0 downloaded, 5 already present), 5 failed");
        }
    }

    @Test
    void mirrorCredentialsAreSentButNeverShownAndAMissingFileIsNamed(@TempDir Path dir) throws Exception {
        UpstreamFixture upstream = UpstreamFixture.build(dir.resolve("mirror"), dir.resolve("scratch"));
        // kubectl itself is gone while its .sha256 stays: the 404 is for the file.
        Path kubectl = upstream.root.resolve("dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl");
        Files.delete(kubectl);
        assertThat(kubectl.resolveSibling("kubectl.sha256")).exists();
        Path versions = dir.resolve("versions.yaml");
        Files.writeString(versions, upstream.versionsFile(false));
        Path packages = dir.resolve("packages");
        try (NginxMirror mirror = NginxMirror.serve(upstream.root, dir.resolve("nginx"))) {
            String secretMirror = mirror.base().replace("http://", "http://kx:s3cr%40t@") + "/";
            CliRun r = run("download", "--no-images", "--runtime", "containerd", "--cni", "none", "--storage", "",
                    "--registry", "none", "--versions", versions.toString(), "--mirror", secretMirror,
                    "--output", packages.toString());
            assertThat(r.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
            assertThat(r.err()).contains("not found (HTTP 404) for kubectl v1.32.4 amd64 at " + mirror.base()
                    + "/dl.k8s.io/release/v1.32.4/bin/linux/amd64/kubectl");
            assertThat(r.out()).contains("\"event\":\"failed\"", "\"event\":\"downloaded\"");
            assertThat(r.out() + r.err() + Files.readString(packages.resolve("bom.json"))).doesNotContain("s3cr", "kx:");
            // the credentials went to the mirror as basic auth
            assertThat(mirror.accessLog()).isNotEmpty().allMatch(l -> l.endsWith(" user=kx"));

            CliRun bad = run("download", "--list", "--mirror", "http://kx:s3cr3t@bad host/");
            assertThat(bad.exit()).isEqualTo(Main.EXIT_INVALID);
            assertThat(bad.err()).contains("***@").doesNotContain("s3cr3t");
        }
    }

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }
}
