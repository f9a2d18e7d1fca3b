package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.lab.LabSettings;
import io.kubexm.lab.junit.TestLabs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `kubexm lab status` and `ssh` on a lab whose nodes do not run and whose cluster.yaml was never
 * written, as a crash leaves it: only its state remains. Needs root (it writes the lab state
 * directory) but boots nothing.
 */
@Tag("lab")
class LabLeftoverCommandTest {
    private static final String LAB = TestLabs.name("l");

    record Run(int exit, String out, String err) {
    }

    private static Run kubexm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @AfterEach
    void down() {
        kubexm("lab", "down", "--name", LAB);
    }

    @Test
    void statusHidesTheMissingConfigAndSshSaysTheNodeIsStopped() throws Exception {
        Path state = LabSettings.DEFAULT_STATE.resolve(LAB);
        Path missing = Path.of("/nonexistent-kubexm-conf", LAB, "cluster.yaml");
        Files.createDirectories(state);
        Files.writeString(state.resolve("lab.json"), """
                {"name":"%s","os":"debian12","subnet":"172.29.251.0/24","nodes":["node1","node2"],"clusterYaml":"%s"}
                """.formatted(LAB, missing));

        Run status = kubexm("lab", "status", "--name", LAB);
        assertThat(status.exit()).as(status.err()).isZero();
        assertThat(status.out()).contains("lab " + LAB + "  debian12  172.29.251.0/24").doesNotContain("config")
                .doesNotContain(missing.toString()).containsPattern("node2\\s+172\\.29\\.251\\.12\\s+stopped");

        Run ssh = kubexm("lab", "ssh", LAB, "node2", "--", "true");
        assertThat(ssh.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(ssh.err()).contains("lab " + LAB + ", node node2 is stopped")
                .contains("`kubexm lab up --name " + LAB + " --nodes 2` boots it again")
                .doesNotContain("Connection refused");
    }
}
