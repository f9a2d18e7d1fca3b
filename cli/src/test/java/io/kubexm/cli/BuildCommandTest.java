package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubexm build}, run as a user would: its own JVM, conf/ and build/ under the working directory. */
class BuildCommandTest {
    private static final Path REPO = Path.of(System.getProperty("kubexm.repoRoot", "..")).toAbsolutePath().normalize();

    private record Run(int exit, String out, String err) {}

    private static Run kubexm(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(workDir, "out", ".txt");
        Path err = Files.createTempFile(workDir, "err", ".txt");
        Process p = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new Run(p.waitFor(), Files.readString(out), Files.readString(err));
    }

    @Test
    void buildsEveryNodeThenFindsNothingToChangeAndNamesAMissingCaKey(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/demo"));
        Files.writeString(conf.resolve("cluster.yaml"), example().replace("name: row9", "name: demo"));

        Run first = kubexm(work, "build", "--cluster=demo");
        assertThat(first.err()).isEmpty();
        assertThat(first.exit()).isZero();
        assertThat(first.out().lines().toList()).hasSize(6).first().asString()
                .matches("master1 +\\d+ added +0 changed +0 unchanged");
        assertThat(first.out()).contains("build/demo: 5 nodes;", "certificates: ", " issued, 0 kept");
        assertThat(work.resolve("build/demo/master1/etc/kubernetes/pki/apiserver.crt")).exists();

        Run second = kubexm(work, "build", "--name", "demo");
        assertThat(second.exit()).isZero();
        assertThat(second.out()).contains("0 added, 0 changed,", " 0 issued,").endsWith("nothing changed\n");

        Files.delete(work.resolve("build/demo/pki/ca.key"));
        Run broken = kubexm(work, "build", "-f", "conf/demo/cluster.yaml");
        assertThat(broken.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(broken.err()).startsWith("kubexm: CA kubernetes: found ").contains("ca.crt but not ", "ca.key")
                .doesNotContain("Exception");
    }

    @Test
    void buildsIntoTheDirectoryOfTheClusterNameEvenWhenMetadataNameDiffers(@TempDir Path work) throws Exception {
        Path conf = Files.createDirectories(work.resolve("conf/demo"));
        Files.writeString(conf.resolve("cluster.yaml"), example());

        Run run = kubexm(work, "build", "--cluster=demo");
        assertThat(run.exit()).isZero();
        assertThat(run.err()).contains("metadata.name 'row9' differs from its directory conf/demo/");
        assertThat(run.out()).contains("build/demo: 5 nodes;");
        assertThat(work.resolve("build/demo/master1/etc/kubernetes/pki/apiserver.crt")).exists();
        assertThat(work.resolve("build/row9")).doesNotExist();
    }

    /** Topology row 9 with P-256 keys, which keep the build quick. */
    private static String example() throws IOException {
        return Files.readString(REPO.resolve("examples/topologies/09-kubexm-kubexm-multi-internal-haproxy.yaml"))
                .replace("\n  kubernetes:\n", "\n  kubernetes:\n    certificates: {keyAlgorithm: ecdsa-p256}\n");
    }
}
