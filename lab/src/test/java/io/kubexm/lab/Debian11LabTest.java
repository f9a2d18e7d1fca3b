package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.lab.junit.TestLabs;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * `lab up --os debian11`: one node booted from the bullseye cache (built with debootstrap on
 * first use, about two minutes, and reused afterwards), checked from inside the node.
 */
@Tag("lab")
class Debian11LabTest {
    private static final String LAB = TestLabs.name("d");
    private static final LabManager LABS = new LabManager(LabSettings.withConfDir(Path.of("target", "lab-conf")),
            line -> System.out.println("[debian11] " + line));

    @AfterAll
    static void down() {
        LABS.down(LAB);
    }

    @Test
    void aDebian11NodeBootsSystemdAndServesSsh() {
        LABS.down(LAB);
        Lab lab = LABS.up(new LabSpec(LAB, 1, LabOs.DEBIAN11, LabSpec.DEFAULT_MIRROR)).lab();
        assertThat(lab.os()).isEqualTo(LabOs.DEBIAN11);
        LabNode node = lab.requireNode("node1");
        NodeShell shell = LABS.shell(lab);
        assertThat(shell.check(node, ". /etc/os-release; echo $ID $VERSION_ID $VERSION_CODENAME").strip())
                .isEqualTo("debian 11 bullseye");
        assertThat(shell.check(node, "systemctl is-system-running --wait || true").strip()).isIn("running", "degraded");
        assertThat(shell.check(node, "hostname").strip()).isEqualTo("node1");
        // the scenario packages are in the bullseye cache too
        assertThat(shell.check(node, "etcd --version | head -1")).contains("etcd Version: 3.");
        assertThat(shell.check(node, "systemctl is-enabled etcd || true").strip()).isEqualTo("disabled");
    }
}
