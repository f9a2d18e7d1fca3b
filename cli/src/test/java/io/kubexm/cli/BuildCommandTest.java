package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubexm build}, run as a user would: its own JVM, conf/ and build/ under the working directory. */
class BuildCommandTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();

    @Test
    void buildsEveryNodeThenFindsNothingToChangeAndNamesAMissingCaKey(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/demo"));
        Files.writeString(conf.resolve("cluster.yaml"), example().replace("name: row9", "name: demo"));

        CliRun first = CliRun.in(work, "build", "--cluster=demo");
        assertThat(first.err()).isEmpty();
        assertThat(first.exit()).isZero();
        assertThat(first.out().lines().toList()).hasSize(6).first().asString()
                .matches("master1 +\\d+ added +0 changed +0 unchanged");
        assertThat(first.out()).contains("build/demo: 5 nodes;", "certificates: ", " issued, 0 kept");
        assertThat(work.resolve("build/demo/master1/etc/kubernetes/pki/apiserver.crt")).exists();

        CliRun second = CliRun.in(work, "build", "--name", "demo");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("0 added, 0 changed,", " 0 issued,").endsWith("nothing changed\n");

        Files.delete(work.resolve("build/demo/pki/ca.key"));
        CliRun broken = CliRun.in(work, "build", "-f", "conf/demo/cluster.yaml");
        assertThat(broken.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(broken.err()).startsWith("kubexm: CA kubernetes: found ").contains("ca.crt but not ", "ca.key")
                .doesNotContain("Exception");
    }

    @Test
    void buildsIntoTheDirectoryOfTheClusterNameEvenWhenMetadataNameDiffers(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/demo"));
        Files.writeString(conf.resolve("cluster.yaml"), example());

        CliRun run = CliRun.in(work, "build", "--cluster=demo");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("metadata.name 'row9' differs from its directory conf/demo/");
        assertThat(run.out()).contains("build/demo: 5 nodes;");
        assertThat(work.resolve("build/demo/master1/etc/kubernetes/pki/apiserver.crt")).exists();
        assertThat(work.resolve("build/row9")).doesNotExist();
    }

    @Test
    void aTemplateUnderConfNameTemplatesReplacesTheBuiltInOne(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/demo"));
        Files.writeString(conf.resolve("cluster.yaml"), example().replace("name: row9", "name: demo"));
        Path override = Files.createDirectories(conf.resolve("templates/etcd")).resolve("etcd.service");
        Files.writeString(override, "[Service]\nEnvironmentFile={{ environmentFile }}\nExecStart={{ binary }} --site-policy\n");

        CliRun run = CliRun.in(work, "build", "--cluster=demo");
        assertThat(run.exit()).as(run.err()).isZero();
        for (String node : List.of("master1", "master2", "master3")) {
            assertThat(Files.readString(work.resolve("build/demo/" + node + "/etc/systemd/system/etcd.service")))
                    .isEqualTo("[Service]\nEnvironmentFile=/etc/etcd.env\nExecStart=/usr/local/bin/etcd --site-policy\n");
        }
        // Only the other templates come from the resources.
        assertThat(Files.readString(work.resolve("build/demo/worker1/etc/hosts"))).startsWith("# BEGIN kubexm\n");

        // Editing the override changes exactly the three etcd units.
        Files.writeString(override, "[Service]\nExecStart={{ binary }}\n");
        CliRun edited = CliRun.in(work, "build", "--cluster=demo");
        assertThat(edited.out()).contains("files: 0 added, 3 changed,");

        // A variable the view does not have is an error naming the user's template.
        Files.writeString(override, "ExecStart={{ binary }} {{ nodeName }}\n");
        CliRun broken = CliRun.in(work, "build", "--cluster=demo");
        assertThat(broken.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(broken.err()).startsWith("kubexm: ").contains("etcd.service", "nodeName").doesNotContain("Exception");
    }

    /** Topology row 9 with P-256 keys, which keep the build quick. */
    private static String example() throws IOException {
        return Files.readString(REPO.resolve("examples/topologies/09-kubexm-kubexm-multi-internal-haproxy.yaml"))
                .replace("\n  kubernetes:\n", "\n  kubernetes:\n    certificates: {keyAlgorithm: ecdsa-p256}\n");
    }
}
