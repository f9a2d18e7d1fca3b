package io.kubexm.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.lab.junit.WithLab;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;

/** Lab nodes behave like hosts kubexm installs onto: reachable over SSH, booted systemd, their own network. */
@WithLab(nodes = 3)
class LabNodesTest {

    @Test
    void everyNodeAnswersOverSshWithItsOwnNameAndAddress(Lab lab, NodeShell shell) {
        assertThat(lab.nodes()).extracting(LabNode::name).containsExactly("node1", "node2", "node3");
        for (LabNode node : lab.nodes()) {
            assertThat(shell.check(node, "hostname").strip()).isEqualTo(node.name());
            assertThat(shell.check(node, "ip -4 -o addr show dev eth0")).contains(" " + node.address() + "/24 ");
            assertThat(shell.check(node, "id -u").strip()).isEqualTo("0");
        }
    }

    @Test
    void systemdIsRunningOrSaysWhyItIsDegraded(Lab lab, NodeShell shell) {
        for (LabNode node : lab.nodes()) {
            CommandResult r = shell.exec(node, "systemctl is-system-running --wait");
            String state = r.stdout().strip();
            if (state.equals("degraded")) {
                String failed = shell.check(node, "systemctl --failed --no-legend");
                assertThat(failed).as("%s is degraded, so some unit failed", node.name()).isNotBlank();
                System.out.println(node.name() + " degraded because of: " + failed);
            } else {
                assertThat(state).as("%s: systemctl is-system-running", node.name()).isEqualTo("running");
            }
        }
    }

    @Test
    void nodesReachEachOtherByNameAndSetNetworkSysctls(Lab lab, NodeShell shell) {
        LabNode node1 = lab.requireNode("node1");
        assertThat(shell.check(node1, "ping -c 1 -W 2 node3")).contains("1 received");
        assertThat(shell.check(node1, "sysctl -w net.ipv4.ip_forward=1 && cat /proc/sys/net/ipv4/ip_forward").strip())
                .endsWith("1");
        shell.check(node1, "sysctl -w net.ipv4.ip_forward=0");
    }

    @Test
    void eachNodeHasItsOwnIdentity(Lab lab, NodeShell shell) {
        String id1 = shell.check(lab.requireNode("node1"), "cat /etc/machine-id");
        String id2 = shell.check(lab.requireNode("node2"), "cat /etc/machine-id");
        assertThat(id1).isNotBlank().isNotEqualTo(id2);
        String key1 = shell.check(lab.requireNode("node1"), "cat /etc/ssh/ssh_host_ed25519_key.pub");
        String key2 = shell.check(lab.requireNode("node2"), "cat /etc/ssh/ssh_host_ed25519_key.pub");
        assertThat(key1).isNotEqualTo(key2);
    }

    @Test
    void theLabKeyIsPrivateAndTheClusterYamlNamesEveryNode(Lab lab) throws Exception {
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(lab.privateKey()))).isEqualTo("rw-------");
        String yaml = Files.readString(lab.clusterYaml());
        for (LabNode node : lab.nodes()) {
            assertThat(yaml).contains("name: " + node.name()).contains("address: " + node.address());
        }
        assertThat(yaml).contains("privateKeyPath: " + lab.privateKey());
    }

    @Test
    void servicesFromTheCacheAreInstalledButNotRunning(Lab lab, NodeShell shell) {
        LabNode node = lab.requireNode("node3");
        for (String unit : new String[] {"etcd", "haproxy", "nginx", "keepalived", "containerd"}) {
            assertThat(shell.exec(node, "systemctl is-enabled " + unit).stdout().strip()).as(unit).isEqualTo("disabled");
        }
        assertThat(shell.check(node, "etcd --version")).contains("etcd Version");
        assertThat(shell.check(node, "haproxy -v")).contains("HAProxy version");
    }

    @Test
    void nodesRunTheServicesKubexmInstallsAndAreHonestAboutWhatAContainerCannotDo(Lab lab, NodeShell shell) {
        LabNode node = lab.requireNode("node3");
        try {
            shell.check(node, "systemctl start etcd containerd haproxy nginx");
            assertThat(shell.check(node, "ETCDCTL_API=3 etcdctl --endpoints=http://127.0.0.1:2379 endpoint health 2>&1"))
                    .contains("is healthy");
            // containerd's overlayfs snapshotter works: /var/lib/containerd is not on the overlay root.
            assertThat(shell.check(node, "ctr plugins ls")).containsPattern("overlayfs\\s+linux/amd64\\s+ok");
            assertThat(shell.check(node, "curl -s -o /dev/null -w '%{http_code}' http://127.0.0.1/")).isEqualTo("200");
            // chronyd needs CAP_SYS_TIME, which the node does not get: it must not set the host's clock.
            shell.exec(node, "systemctl start chrony");
            assertThat(shell.exec(node, "systemctl is-active chrony").stdout().strip()).isEqualTo("inactive");
            assertThat(shell.check(node, "journalctl -u chrony --no-pager")).contains("ConditionCapability=CAP_SYS_TIME");
            assertThat(shell.exec(node, "date -s 2020-01-01").stderr()).contains("Operation not permitted");
            assertThat(shell.exec(node, "modprobe br_netfilter").ok()).isFalse();
            assertThat(shell.check(node, "systemd-detect-virt -c").strip()).isEqualTo("systemd-nspawn");
        } finally {
            shell.exec(node, "systemctl stop etcd containerd haproxy nginx && rm -rf /var/lib/etcd/default");
        }
    }

    @Test
    void upOnARunningLabChangesNothing(Lab lab, LabManager labs) {
        UpResult again = labs.up(LabSpec.of(lab.name(), lab.nodes().size()));
        assertThat(again.changes()).isEmpty();
        assertThat(again.lab()).isEqualTo(lab);
    }
}
