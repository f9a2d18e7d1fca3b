package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubexm.artifacts.oci.LocalRegistry;
import io.kubexm.artifacts.oci.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * kubexm download (images) from a loopback "upstream" registry, then kubexm push images into
 * a TLS + Basic-auth private registry named by a cluster.yaml; skopeo checks the result.
 */
class ImagesCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        PrintStream oldErr = System.err;
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        try {
            System.setErr(new PrintStream(errBytes, true, StandardCharsets.UTF_8));
            CommandLine cl = Main.commandLine();
            cl.setOut(new PrintWriter(out, true));
            cl.setErr(new PrintWriter(err, true));
            int exit = cl.execute(args);
            return new Run(exit, out.toString(), err + errBytes.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(oldErr);
        }
    }

    @Test
    void downloadsImagesAndPushesThemIntoThePrivateRegistryOnce(@TempDir Path dir) throws Exception {
        try (LocalRegistry upstream = LocalRegistry.plain(dir.resolve("upstream"));
             LocalRegistry priv = LocalRegistry.tlsWithAuth(dir.resolve("private"), "pusher", "Pu5h-it")) {
            TestImages seed = new TestImages(dir.resolve("seed"), Files.createDirectories(dir.resolve("scratch")));
            seed.add("img", List.of("amd64", "arm64"));
            for (String repo : List.of("pause", "coredns")) {
                LocalRegistry.run(List.of("skopeo", "--insecure-policy", "copy", "--all", "--dest-tls-verify=false",
                        "oci:" + dir.resolve("seed") + ":img", "docker://" + upstream.host() + "/kx/" + repo + ":1.0"));
            }
            Path versions = dir.resolve("versions.yaml");
            Files.writeString(versions, """
                    images:
                      refs:
                        pause: {ref: "%1$s/kx/pause:1.0"}
                        coredns: {ref: "%1$s/kx/coredns:1.0"}
                    """.formatted(upstream.host()));
            Path packages = dir.resolve("packages");

            Run download = run("download", "--no-files", "--k8s-type", "kubexm", "--cni", "none", "--storage", "",
                    "--no-nodelocaldns", "--arch", "amd64,arm64", "--versions", versions.toString(),
                    "--plain-http-registry", upstream.host(), "--output", packages.toString());
            assertThat(download.exit()).as(download.err()).isZero();
            JsonNode bom = JSON.readTree(packages.resolve("bom.json").toFile());
            assertThat(bom.path("images")).hasSize(2).allSatisfy(i -> assertThat(i.path("platforms").toString())
                    .isEqualTo("[\"linux/amd64\",\"linux/arm64\"]"));

            Path clusterYaml = dir.resolve("cluster.yaml");
            Files.writeString(clusterYaml, """
                    apiVersion: kubexm.io/v1alpha1
                    kind: Cluster
                    metadata: {name: demo}
                    spec:
                      hosts:
                        - {name: node1, address: 10.0.0.11, password: s3cret}
                      roleGroups:
                        master: [node1]
                        worker: [node1]
                      registry:
                        privateRegistry: "%1$s"
                        namespaceOverride: kubexm
                        auths:
                          "%1$s": {username: pusher, password: Pu5h-it, caFile: "%2$s"}
                    """.formatted(priv.host(), priv.dir.resolve("certs/ca.crt")));

            Run push = run("push", "images", "-f", clusterYaml.toString(), "--packages", packages.toString());
            assertThat(push.exit()).as(push.err()).isZero();
            assertThat(push.out()).contains("pushed    " + priv.host() + "/kubexm/pause:1.0",
                    "pushed    " + priv.host() + "/kubexm/coredns:1.0", "2 of 2 images pushed");
            assertThat(push.out() + push.err()).doesNotContain("Pu5h-it");
            for (String arch : List.of("amd64", "arm64")) {
                JsonNode info = JSON.readTree(LocalRegistry.run(List.of("skopeo", "inspect", "--cert-dir",
                        priv.dir.resolve("certs").toString(), "--creds", "pusher:Pu5h-it", "--override-os", "linux",
                        "--override-arch", arch, "docker://" + priv.host() + "/kubexm/coredns:1.0")));
                assertThat(info.path("Architecture").asText()).isEqualTo(arch);
            }

            Run again = run("push", "images", "-f", clusterYaml.toString(), "--packages", packages.toString());
            assertThat(again.exit()).isZero();
            assertThat(again.out()).contains("unchanged " + priv.host() + "/kubexm/pause:1.0", "nothing changed");
        }
    }
}
