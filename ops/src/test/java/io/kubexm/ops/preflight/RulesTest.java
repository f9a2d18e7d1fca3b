package io.kubexm.ops.preflight;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubexm.runner.ModuleStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RulesTest {
    private static final long GIB = 1024L * 1024 * 1024;
    private static final Expectations MASTER = new Expectations("node1", "10.0.0.11", "c1",
            Map.of(2379, "etcd", 6443, "kube-apiserver"), List.of("br_netfilter", "overlay"), 2, 4 * GIB, "4 GB (master)",
            false, Set.of());

    private static Measured healthy() {
        return new Measured("root", "debian", "12", "6.1.0-18-amd64", 4, 8 * GIB, "node1", List.of("10.0.0.11"), 120,
                List.of("chronyd"), List.of(), Map.of(22, "sshd (pid 10)"), Map.of(), List.of("10.0.0.1"), "absent",
                List.of(), List.of(), Optional.empty());
    }

    @Test
    void aHealthyNodeHasNoFindings() {
        assertThat(Rules.evaluate(MASTER, healthy())).isEmpty();
    }

    @Test
    void everyProblemIsReportedWithMeasuredValueThresholdAndFix() {
        Measured bad = new Measured("deploy", "arch", "rolling", "3.2.0", 1, 2 * GIB, "Node_1", List.of(), -7300,
                List.of(), List.of("/etc/kubernetes"), Map.of(2379, "nc (pid 4242)"), Map.of("br_netfilter", ModuleStatus.MISSING), List.of(),
                "Enforcing", List.of("firewalld"), List.of("/swapfile"), Optional.empty());
        List<Finding> findings = Rules.evaluate(MASTER, bad);
        assertThat(findings).extracting(Finding::check).containsExactlyInAnyOrder(Check.SUDO, Check.OS, Check.CPU,
                Check.MEMORY, Check.KERNEL, Check.KERNEL_MODULES, Check.HOSTNAME, Check.CLOCK, Check.TIME_SERVICE,
                Check.LEFTOVERS, Check.PORTS, Check.RESOLV_CONF, Check.SELINUX, Check.FIREWALL, Check.SWAP);
        assertThat(findings).filteredOn(f -> !f.error()).extracting(Finding::check)
                .containsExactlyInAnyOrder(Check.TIME_SERVICE, Check.SELINUX, Check.FIREWALL, Check.SWAP);
        Finding port = findings.stream().filter(f -> f.check() == Check.PORTS).findFirst().orElseThrow();
        assertThat(port.message()).contains("node1", "port 2379 is held by nc (pid 4242)", "free for etcd", "fix:");
        Finding memory = findings.stream().filter(f -> f.check() == Check.MEMORY).findFirst().orElseThrow();
        assertThat(memory.message()).contains("2.0 GB of memory", ">= 4 GB (master)");
        Finding clock = findings.stream().filter(f -> f.check() == Check.CLOCK).findFirst().orElseThrow();
        assertThat(clock.message()).contains("-7.3 s off the control node", "within 5 s");
    }

    @Test
    void ownEtcdOnItsPortIsAcceptedOnASecondRunButAStrangerIsNot() {
        Measured second = withListener(healthy(), "etcd (pid 77)", Optional.of("c1"));
        assertThat(Rules.evaluate(MASTER, second)).isEmpty();
        Measured other = withListener(healthy(), "etcd (pid 77)", Optional.of("other"));
        assertThat(Rules.evaluate(MASTER, other)).extracting(Finding::check).contains(Check.LEFTOVERS, Check.PORTS);
    }

    @Test
    void skippedChecksAreNotReported() {
        Expectations skipping = new Expectations("node1", "10.0.0.11", "c1", MASTER.ports(), MASTER.modules(), 2, 4 * GIB,
                "4 GB (master)", false, Set.of(Check.CPU));
        Measured oneCpu = new Measured("root", "debian", "12", "6.1.0", 1, 8 * GIB, "node1", List.of("10.0.0.11"), 0,
                List.of("chronyd"), List.of(), Map.of(), Map.of(), List.of("10.0.0.1"), "absent", List.of(), List.of(),
                Optional.empty());
        assertThat(Rules.evaluate(skipping, oneCpu)).isEmpty();
        assertThat(Rules.evaluate(MASTER, oneCpu)).extracting(Finding::check).containsExactly(Check.CPU);
    }

    @Test
    void supportMatrixComparesMajorVersions() {
        assertThat(Rules.osSupported("rocky", "9.3")).isTrue();
        assertThat(Rules.osSupported("ubuntu", "22.04")).isTrue();
        assertThat(Rules.osSupported("ubuntu", "22.10")).isFalse();
        assertThat(Rules.osSupported("debian", "10")).isFalse();
        assertThat(Rules.osSupported("alpine", "3.19")).isFalse();
    }

    private static Measured withListener(Measured m, String holder, Optional<String> owner) {
        return new Measured(m.whoami(), m.osId(), m.osVersion(), m.kernel(), m.cpus(), m.memoryBytes(), m.hostname(),
                m.hostnameAddresses(), m.clockSkewMillis(), m.timeServices(), m.leftovers(), Map.of(2379, holder),
                m.modulesUnavailable(), m.nameservers(), m.selinux(), m.firewalls(), m.swaps(), owner);
    }

    private static Measured withModules(Measured m, Map<String, ModuleStatus> unavailable) {
        return new Measured(m.whoami(), m.osId(), m.osVersion(), m.kernel(), m.cpus(), m.memoryBytes(), m.hostname(),
                m.hostnameAddresses(), m.clockSkewMillis(), m.timeServices(), m.leftovers(), m.listeners(),
                unavailable, m.nameservers(), m.selinux(), m.firewalls(), m.swaps(), m.owner());
    }

    @Test
    void aModuleMissingInAContainerIsForTheHostNotForAPackage() {
        List<Finding> findings = Rules.evaluate(MASTER, withModules(healthy(),
                Map.of("ip_vs", ModuleStatus.UNAVAILABLE_IN_CONTAINER, "br_netfilter", ModuleStatus.UNAVAILABLE_IN_CONTAINER)));
        assertThat(findings).extracting(Finding::check).containsExactly(Check.KERNEL_MODULES);
        assertThat(findings.getFirst().message()).contains("the node is a container", "br_netfilter, ip_vs",
                "load them on the host (modprobe br_netfilter ip_vs", "proxyMode: iptables").doesNotContain("linux-modules");
    }

    @Test
    void aModuleTheKernelLacksNeedsTheModulesPackage() {
        List<Finding> findings = Rules.evaluate(MASTER, withModules(healthy(), Map.of("overlay", ModuleStatus.MISSING)));
        assertThat(findings.getFirst().message()).contains("not loadable: overlay", "linux-modules-$(uname -r)")
                .doesNotContain("container");
    }
}
