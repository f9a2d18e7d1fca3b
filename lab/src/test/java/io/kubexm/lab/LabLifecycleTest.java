package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import io.kubexm.lab.junit.TestLabs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Two labs side by side, a crashed lab cleaned up, and down leaving nothing: checked with
 * ip, ps and /proc/mounts, not only with the lab's own bookkeeping.
 */
@Tag("lab")
class LabLifecycleTest {
    private static final String A = TestLabs.name("l1");
    private static final String B = TestLabs.name("l2");
    private static final LabManager LABS = new LabManager(LabSettings.withConfDir(Path.of("target", "lab-conf")),
            line -> System.out.println("[lifecycle] " + line));

    @AfterAll
    static void removeLabs() {
        LABS.down(A);
        LABS.down(B);
    }

    @Test
    void twoLabsRunSideBySideAndDownLeavesNothingOfEither() throws Exception {
        LABS.down(A);
        LABS.down(B);
        Lab a = LABS.up(LabSpec.of(A, 1)).lab();
        Lab b = LABS.up(LabSpec.of(B, 2)).lab();
        assertThat(a.subnet()).isNotEqualTo(b.subnet());
        assertThat(a.bridge()).isNotEqualTo(b.bridge());
        assertThat(LABS.shell(a).check(a.requireNode("node1"), "hostname").strip()).isEqualTo("node1");
        assertThat(LABS.shell(b).check(b.requireNode("node2"), "hostname").strip()).isEqualTo("node2");
        assertThat(Files.exists(a.clusterYaml())).isTrue();
        assertThat(ip("route")).contains(a.subnet()).contains(b.subnet());

        List<String> removed = LABS.down(a.name());
        assertThat(removed).contains("bridge " + a.bridge(), "node " + a.requireNode("node1").machine());
        assertGone(a);
        // the other lab is untouched
        assertThat(LABS.shell(b).check(b.requireNode("node1"), "systemctl is-system-running --wait").strip())
                .isIn("running", "degraded");

        LABS.down(b.name());
        assertGone(b);
        assertThat(LABS.down(b.name())).as("a second down has nothing left to do").isEmpty();
        // a user's own cluster.yaml under the lab's name is not the lab's to remove
        Files.createDirectories(b.clusterYaml().getParent());
        Files.writeString(b.clusterYaml(), "apiVersion: kubexm.io/v1alpha1\n");
        assertThat(LABS.down(b.name())).isEmpty();
        assertThat(b.clusterYaml()).exists();
        Files.delete(b.clusterYaml());
    }

    @Test
    void upCleansUpAfterACrashedLab() throws Exception {
        LABS.down(A);
        Lab lab = LABS.up(LabSpec.of(A, 1)).lab();
        LabNode node = lab.requireNode("node1");
        // A crash: every process of the lab is killed at once and the state file is lost.
        run("pkill", "-KILL", "-f", "--", "--machine=" + node.machine());
        Files.delete(lab.stateDir().resolve("lab.json"));
        assertThat(LABS.leftovers(lab.name())).isNotEmpty();

        UpResult again = LABS.up(LabSpec.of(A, 1));
        assertThat(again.changes().getFirst()).startsWith("removed leftovers of a crashed lab " + A);
        Lab back = again.lab();
        assertThat(LABS.shell(back).check(back.requireNode("node1"), "systemctl is-system-running --wait").strip())
                .isIn("running", "degraded");

        // Nodes whose processes died (the machine rebooted, say) boot again on the next up.
        run("pkill", "-KILL", "-f", "--", "--machine=" + node.machine());
        UpResult revived = LABS.up(LabSpec.of(A, 1));
        assertThat(revived.changes()).containsExactly("booted node1 at " + node.address());
        assertThat(LABS.shell(back).exec(back.requireNode("node1"), "true", Duration.ofSeconds(10)).ok()).isTrue();
        LABS.down(A);
        assertGone(back);
    }

    @Test
    void upGrowsALabButDoesNotShrinkIt() throws Exception {
        LABS.down(A);
        Lab one = LABS.up(LabSpec.of(A, 1)).lab();
        UpResult grown = LABS.up(LabSpec.of(A, 2));
        assertThat(grown.changes()).contains("grew lab " + A + " to 2 nodes", "booted node2 at " + grown.lab().requireNode("node2").address())
                .doesNotContain("booted node1 at " + one.requireNode("node1").address());
        assertThat(Files.readString(grown.lab().clusterYaml())).contains("name: node2");
        assertThat(LABS.shell(grown.lab()).check(grown.lab().requireNode("node2"), "getent hosts node1")).contains(one.requireNode("node1").address());
        assertThatThrownBy(() -> LABS.up(LabSpec.of(A, 1))).hasMessageContaining("has 2 nodes")
                .hasMessageContaining("does not remove them");
        LABS.down(A);
        assertGone(grown.lab());
    }

    private static void assertGone(Lab lab) throws IOException, InterruptedException {
        assertThat(LABS.leftovers(lab.name())).isEmpty();
        assertThat(run("ps", "-eo", "args")).doesNotContain("--machine=kxl-" + lab.name() + ".");
        assertThat(ip("-o", "link")).doesNotContain(lab.bridge());
        for (LabNode n : lab.nodes()) {
            assertThat(ip("-o", "link")).doesNotContain(n.hostLink());
        }
        assertThat(ip("route", "show", "table", "all")).doesNotContain(lab.subnet().replace(".0/24", "."));
        assertThat(ip("netns", "list")).doesNotContain("kxl-" + lab.name() + ".");
        assertThat(Files.readString(Path.of("/proc/mounts"))).doesNotContain(lab.stateDir().toString());
        assertThat(lab.stateDir()).doesNotExist();
        assertThat(lab.clusterYaml()).doesNotExist();
    }

    private static String ip(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "ip";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return run(cmd);
    }

    private static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }
}
