package io.kubexm.lab;

import static io.kubexm.lab.junit.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubexm.lab.junit.WithLab;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** Faults really happen on the node, and the node comes back the way a real host would. */
@WithLab(nodes = 2, isolated = true)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabFaultsTest {
    private static final Duration BOOT = Duration.ofSeconds(120);

    private static boolean reachable(NodeShell shell, LabNode node) {
        return shell.exec(node, "true", Duration.ofSeconds(8)).ok();
    }

    @Test
    @Order(1)
    void anEnabledServiceSurvivesAReboot(Lab lab, NodeShell shell, LabManager labs) {
        LabNode node = lab.requireNode("node2");
        shell.check(node, "systemctl enable --now nginx && touch /run/kubexm-before-reboot");
        labs.fault(lab.name(), node.name(), new Fault.Reboot());
        // /run is a tmpfs of the node: the marker is gone only once the node has really rebooted.
        await("node2 rebooted and back on SSH", BOOT, () -> reachable(shell, node)
                && shell.exec(node, "test ! -e /run/kubexm-before-reboot").ok());
        shell.exec(node, "systemctl is-system-running --wait");
        assertThat(shell.check(node, "systemctl is-active nginx").strip()).isEqualTo("active");
        assertThat(shell.check(node, "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/")).isEqualTo("200");
        shell.check(node, "systemctl disable --now nginx");
    }

    @Test
    @Order(2)
    void lossAndLinkDownCutTheNodeOffAndTheirUndoBringsItBack(Lab lab, NodeShell shell, LabManager labs) {
        LabNode node1 = lab.requireNode("node1");
        LabNode node2 = lab.requireNode("node2");
        labs.fault(lab.name(), "node2", new Fault.Loss(100));
        assertThat(shell.exec(node1, "ping -c 2 -W 1 node2").ok()).isFalse();
        labs.fault(lab.name(), "node2", new Fault.Loss(0));
        assertThat(shell.check(node1, "ping -c 2 -W 2 node2")).contains("2 received");

        labs.fault(lab.name(), "node2", new Fault.LinkDown());
        assertThat(shell.exec(node1, "ping -c 2 -W 1 node2").ok()).isFalse();
        assertThat(reachable(shell, node2)).isFalse();
        labs.fault(lab.name(), "node2", new Fault.LinkUp());
        await("node2 reachable after link-up", Duration.ofSeconds(30), () -> reachable(shell, node2));
    }

    @Test
    @Order(3)
    void stoppedSshdRefusesAndStartedSshdAnswers(Lab lab, NodeShell shell, LabManager labs) {
        LabNode node2 = lab.requireNode("node2");
        labs.fault(lab.name(), "node2", new Fault.StopSshd());
        CommandResult refused = shell.exec(node2, "true", Duration.ofSeconds(8));
        assertThat(refused.exitCode()).isEqualTo(255);
        assertThat(refused.stderr()).contains("Connection refused");
        // up leaves a running node and its fault alone
        assertThat(labs.up(LabSpec.of(lab.name(), 2)).changes()).isEmpty();
        assertThat(shell.exec(node2, "true", Duration.ofSeconds(8)).ok()).isFalse();
        labs.fault(lab.name(), "node2", new Fault.StartSshd());
        assertThat(reachable(shell, node2)).isTrue();
    }

    @Test
    @Order(4)
    void delayIsAppliedOrRefusedNamingTheMissingKernelFeature(Lab lab, NodeShell shell, LabManager labs) {
        LabNode node2 = lab.requireNode("node2");
        try {
            labs.fault(lab.name(), "node2", new Fault.Delay(50));
        } catch (LabException e) {
            assertThat(e).hasMessageContaining("netem").hasMessageContaining("node node2");
            return;
        }
        assertThat(shell.check(node2, "tc qdisc show dev eth0")).contains("netem").contains("delay 50ms");
        labs.fault(lab.name(), "node2", new Fault.Delay(0));
        assertThat(shell.check(node2, "tc qdisc show dev eth0")).doesNotContain("netem");
    }

    @Test
    @Order(5)
    void keepalivedMovesTheVipWhenItsHolderIsPoweredOff(Lab lab, NodeShell shell, LabManager labs) {
        String vip = lab.subnet().replace(".0/24", ".250");
        LabNode node1 = lab.requireNode("node1");
        LabNode node2 = lab.requireNode("node2");
        writeKeepalived(shell, node1, "MASTER", 150, vip);
        writeKeepalived(shell, node2, "BACKUP", 100, vip);
        shell.check(node1, "keepalived -t && systemctl restart keepalived");
        shell.check(node2, "keepalived -t && systemctl restart keepalived");
        await("node1 holds the VIP " + vip, Duration.ofSeconds(30), () -> holds(shell, node1, vip));
        assertThat(holds(shell, node2, vip)).isFalse();

        labs.fault(lab.name(), "node1", new Fault.Poweroff());
        assertThat(labs.status(lab).getFirst().systemState()).isEqualTo("stopped");
        await("node2 takes over the VIP " + vip, Duration.ofSeconds(30), () -> holds(shell, node2, vip));
        assertThat(shell.check(node2, "ping -c 1 -W 2 " + vip)).contains("1 received");

        // up boots the powered-off node again and nothing else.
        UpResult up = labs.up(LabSpec.of(lab.name(), 2));
        assertThat(up.changes()).containsExactly("booted node1 at " + node1.address());
        // keepalived was started, never enabled: the rebooted node comes up without it, like a real host.
        assertThat(shell.exec(node1, "systemctl is-active keepalived").stdout().strip()).isEqualTo("inactive");
    }

    @Test
    @Order(6)
    void faultsOnAnUnknownNodeOrAStoppedNodeSayWhatIsWrong(Lab lab, LabManager labs) {
        assertThatThrownBy(() -> labs.fault(lab.name(), "node9", new Fault.Reboot()))
                .hasMessageContaining("has no node 'node9'").hasMessageContaining("node1");
        assertThatThrownBy(() -> labs.fault("nosuchlab", "node1", new Fault.Reboot()))
                .hasMessageContaining("there is no lab 'nosuchlab'");
    }

    @Test
    @Order(7)
    void aDegradedNodeNamesItsFailedUnit(Lab lab, NodeShell shell, LabManager labs) {
        LabNode node2 = lab.requireNode("node2");
        shell.check(node2, "printf '[Service]\\nType=oneshot\\nExecStart=/bin/false\\n[Install]\\nWantedBy=multi-user.target\\n'"
                + " > /etc/systemd/system/kx-fail.service && systemctl enable kx-fail.service");
        labs.fault(lab.name(), "node2", new Fault.Reboot());
        await("node2 rebooted with kx-fail.service failed", BOOT, () -> reachable(shell, node2)
                && shell.exec(node2, "systemctl is-failed kx-fail.service").ok());
        shell.exec(node2, "systemctl is-system-running --wait");
        NodeStatus status = labs.status(lab).get(1);
        assertThat(status.systemState()).isEqualTo("degraded");
        assertThat(status.failedUnits()).containsExactly("kx-fail.service");
        shell.check(node2, "systemctl disable kx-fail.service && systemctl reset-failed");
        assertThat(labs.status(lab).get(1).systemState()).isEqualTo("running");
    }

    private static boolean holds(NodeShell shell, LabNode node, String vip) {
        return shell.exec(node, "ip -4 -o addr show dev eth0", Duration.ofSeconds(8)).stdout().contains(" " + vip + "/");
    }

    private static void writeKeepalived(NodeShell shell, LabNode node, String state, int priority, String vip) {
        shell.check(node, "cat > /etc/keepalived/keepalived.conf <<'EOF'\n"
                + "vrrp_instance lab {\n"
                + "  state " + state + "\n"
                + "  interface eth0\n"
                + "  virtual_router_id 51\n"
                + "  priority " + priority + "\n"
                + "  advert_int 1\n"
                + "  virtual_ipaddress {\n    " + vip + "/24\n  }\n"
                + "}\n"
                + "EOF");
    }
}
