package io.kubexm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.lab.junit.TestLabs;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `kubexm lab` end to end: the commands a user types, on real lab nodes. */
class LabCommandTest {
    private static final String LAB = TestLabs.name("c");

    record Run(int exit, String out, String err) {
    }

    private static Run kubexm(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @AfterAll
    static void down() {
        kubexm("lab", "down", "--name", LAB);
    }

    @Test
    void badFaultArgumentsAreUsageErrors() {
        Run r = kubexm("lab", "fault", LAB, "node1", "explode");
        assertThat(r.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(r.err()).contains("unknown fault 'explode'").contains("link-down");
        assertThat(kubexm("lab", "up", "--name", "Bad_Name").err()).contains("lab name 'Bad_Name'");
    }

    @Test
    @Tag("lab")
    void theImageIsCachedOnceAndAnUnknownOsIsRefused() {
        Run image = kubexm("lab", "image", "--os", "debian12");
        assertThat(image.exit()).as(image.err()).isZero();
        // the lab tests before this one, or the set-up script, built it: a second build would be a bug
        assertThat(image.out()).contains("lab image debian12: cached already; nothing changed");
        Run bad = kubexm("lab", "image", "--os", "debian12,centos7");
        assertThat(bad.exit()).isEqualTo(Main.EXIT_INVALID);
        assertThat(bad.err()).contains("centos7").contains("debian12");
    }

    @Test
    @Tag("lab")
    void upStatusSshFaultAndDown(@TempDir Path conf) throws Exception {
        String confDir = conf.toString();
        Run up = kubexm("lab", "up", "--name", LAB, "--nodes", "2", "--conf-dir", confDir);
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).contains("booted node2 at").contains("config " + conf.resolve(LAB + "/cluster.yaml"));
        assertThat(Files.readString(conf.resolve(LAB + "/cluster.yaml"))).contains("name: node2");
        Run validate = kubexm("validate", "-f", conf.resolve(LAB + "/cluster.yaml").toString());
        assertThat(validate.exit()).as(validate.err()).isZero();
        assertThat(validate.out()).contains(": valid").contains("1 master(s), 1 worker(s)");

        Run again = kubexm("lab", "up", "--name", LAB, "--nodes", "2", "--conf-dir", confDir);
        assertThat(again.out()).contains("lab " + LAB + " is up already; nothing changed");

        Run status = kubexm("lab", "status", "--name", LAB); // no --conf-dir: the lab knows where its config is
        assertThat(status.out()).contains("config " + conf.resolve(LAB + "/cluster.yaml"));
        assertThat(status.out()).containsPattern("node1\\s+172\\.29\\.\\d+\\.11\\s+(running|degraded)")
                .containsPattern("node2\\s+172\\.29\\.\\d+\\.12\\s+(running|degraded)");

        assertThat(kubexm("lab", "ssh", LAB, "node2", "--", "test", "$(hostname)", "=", "node2").exit()).isZero();
        assertThat(kubexm("lab", "ssh", LAB, "node2", "--", "false").exit()).isEqualTo(1);

        Run poweroff = kubexm("lab", "fault", LAB, "node2", "poweroff");
        assertThat(poweroff.out()).contains("node2: powered off");
        assertThat(kubexm("lab", "status", "--name", LAB).out()).containsPattern("node2\\s+\\S+\\s+stopped");
        Run sshStopped = kubexm("lab", "ssh", LAB, "node2", "--", "true");
        assertThat(sshStopped.exit()).isEqualTo(Main.EXIT_RUN_FAILED);
        assertThat(sshStopped.err()).contains("node node2 is stopped; `kubexm lab up --name " + LAB + " --nodes 2`");
        assertThat(kubexm("lab", "fault", LAB, "node2", "reboot").err()).contains("node node2: the node is not running");

        Run down = kubexm("lab", "down", "--name", LAB);
        assertThat(down.out()).contains("removed bridge kxl-" + LAB).contains("removed file " + conf.resolve(LAB + "/cluster.yaml")).contains("nothing of it is left");
        assertThat(conf.resolve(LAB)).doesNotExist();
        assertThat(kubexm("lab", "down", "--name", LAB).out()).contains("there is no lab " + LAB);
        assertThat(kubexm("lab", "ssh", LAB, "node1").err()).contains("there is no lab '" + LAB + "'");
    }
}
