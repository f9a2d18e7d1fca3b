package io.kubexm.ops.preflight;

import io.kubexm.runner.ModuleStatus;
import io.kubexm.util.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Judges what was measured on a node against what its roles need. Pure: unit-tested without nodes. */
public final class Rules {
    /** The OS support matrix of MISSION.md: {@code ID} from os-release to the accepted major versions. */
    static final Map<String, Set<String>> SUPPORTED_OS = Map.of(
            "debian", Set.of("11", "12"),
            "ubuntu", Set.of("20.04", "22.04"),
            "centos", Set.of("7", "8"),
            "rocky", Set.of("8", "9"),
            "rhel", Set.of("7", "8"),
            "kylin", Set.of("v10", "V10"));
    static final long MAX_CLOCK_SKEW_MILLIS = 5000;
    static final String MIN_KERNEL = "3.10";
    /** MemTotal is below the installed memory (firmware, kernel); 90% of the nominal size passes. */
    static final double MEMORY_TOLERANCE = 0.9;
    private static final Pattern DNS_NAME = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Rules() {
    }

    public static List<Finding> evaluate(Expectations e, Measured m) {
        List<Finding> f = new ArrayList<>();
        String n = e.node();
        if (!m.whoami().equals("root")) {
            f.add(new Finding(n, Check.SUDO, true, "sudo whoami printed '" + m.whoami() + "'", "root",
                    "give the login user sudo rights (NOPASSWD, or set sudoPassword in cluster.yaml)"));
        }
        if (!osSupported(m.osId(), m.osVersion())) {
            f.add(new Finding(n, Check.OS, true, "OS " + m.osId() + " " + m.osVersion() + " (from /etc/os-release)",
                    supportedList(), "use a node with a supported OS"));
        }
        if (m.cpus() < e.minCpus()) {
            f.add(new Finding(n, Check.CPU, true, m.cpus() + " CPU(s)", ">= " + e.minCpus(),
                    "give the node more CPUs"));
        }
        if (e.minMemoryBytes() > 0 && m.memoryBytes() < e.minMemoryBytes() * MEMORY_TOLERANCE) {
            f.add(new Finding(n, Check.MEMORY, true, String.format("%.1f GB of memory", m.memoryBytes() / (double) Expectations.GIB),
                    ">= " + e.memoryLabel(), "give the node more memory"));
        }
        Optional<Version> kernel = Version.parse(m.kernel().replaceFirst("^(\\d+\\.\\d+).*", "$1"));
        if (kernel.isEmpty() || kernel.get().compareTo(Version.parse(MIN_KERNEL).orElseThrow()) < 0) {
            f.add(new Finding(n, Check.KERNEL, true, "kernel " + m.kernel(), ">= " + MIN_KERNEL, "upgrade the kernel"));
        }
        List<String> inContainer = modules(m, ModuleStatus.UNAVAILABLE_IN_CONTAINER);
        if (!inContainer.isEmpty()) {
            String list = String.join(" ", inContainer);
            f.add(new Finding(n, Check.KERNEL_MODULES, true, "the node is a container and the kernel modules "
                    + String.join(", ", inContainer) + " are not loaded on its host", String.join(", ", e.modules()),
                    "a container cannot load kernel modules: load them on the host (modprobe " + list
                            + ", and list them in /etc/modules-load.d there)" + ipvsHint(inContainer)));
        }
        List<String> missing = modules(m, ModuleStatus.MISSING);
        if (!missing.isEmpty()) {
            f.add(new Finding(n, Check.KERNEL_MODULES, true, "kernel modules not loadable: " + String.join(", ", missing),
                    String.join(", ", e.modules()), "install the kernel's modules package (linux-modules-$(uname -r) or kernel-modules)"
                            + ipvsHint(missing)));
        }
        hostname(e, m, f);
        if (Math.abs(m.clockSkewMillis()) > MAX_CLOCK_SKEW_MILLIS) {
            f.add(new Finding(n, Check.CLOCK, true, String.format("clock %+.1f s off the control node", m.clockSkewMillis() / 1000.0),
                    "within 5 s", "set the time (date -s, or chronyc makestep) and keep chronyd or ntpd running"));
        }
        if (m.timeServices().isEmpty()) {
            f.add(new Finding(n, Check.TIME_SERVICE, false, "neither chronyd nor ntpd is running", "",
                    "node preparation installs and starts chrony"));
        }
        if (m.owner().isPresent() && !m.owner().get().equals(e.cluster())) {
            f.add(new Finding(n, Check.LEFTOVERS, true, "the node belongs to kubexm cluster '" + m.owner().get() + "'", "no other cluster",
                    "run `kubexm delete cluster --cluster=" + m.owner().get() + "` first"));
        } else if (m.owner().isEmpty() && !m.leftovers().isEmpty()) {
            f.add(new Finding(n, Check.LEFTOVERS, true, "leftover Kubernetes: " + String.join(", ", m.leftovers()), "none",
                    "remove them (kubeadm reset, or delete the cluster that left them)"));
        }
        for (Map.Entry<Integer, String> port : e.ports().entrySet()) {
            String holder = m.listeners().get(port.getKey());
            boolean ours = m.owner().equals(Optional.of(e.cluster())) && holder != null && holder.startsWith(port.getValue());
            if (holder != null && !ours) {
                f.add(new Finding(n, Check.PORTS, true, "port " + port.getKey() + " is held by " + holder,
                        "free for " + port.getValue(), "stop that process (kill the pid, or disable its service)"));
            }
        }
        if (m.nameservers().isEmpty()) {
            f.add(new Finding(n, Check.RESOLV_CONF, !e.fixesResolver(), "/etc/resolv.conf lists no nameserver", "at least one",
                    e.fixesResolver() ? "node preparation writes spec.extra.resolves into it"
                            : "add a nameserver line, or list DNS servers in spec.extra.resolves"));
        }
        if (m.selinux().equalsIgnoreCase("enforcing")) {
            f.add(new Finding(n, Check.SELINUX, false, "SELinux is enforcing", "", "node preparation sets it to permissive"));
        }
        if (!m.firewalls().isEmpty()) {
            f.add(new Finding(n, Check.FIREWALL, false, String.join(", ", m.firewalls()) + " active", "",
                    "node preparation stops and disables it"));
        }
        if (!m.swaps().isEmpty()) {
            f.add(new Finding(n, Check.SWAP, false, "swap is on (" + String.join(", ", m.swaps()) + ")", "",
                    "node preparation turns it off and comments it out of /etc/fstab"));
        }
        return f.stream().filter(x -> !e.skip().contains(x.check())).toList();
    }

    private static void hostname(Expectations e, Measured m, List<Finding> f) {
        String n = e.node();
        if (!DNS_NAME.matcher(m.hostname()).matches() || m.hostname().length() > 63) {
            f.add(new Finding(n, Check.HOSTNAME, true, "hostname '" + m.hostname() + "' is not DNS-compliant",
                    "lower case letters, digits, '-' and '.'", "hostnamectl set-hostname " + n));
            return;
        }
        List<String> addresses = m.hostnameAddresses();
        if (addresses.isEmpty()) {
            f.add(new Finding(n, Check.HOSTNAME, false, "hostname '" + m.hostname() + "' does not resolve", "",
                    "node preparation maps it to " + e.internalAddress() + " in /etc/hosts"));
        } else if (addresses.stream().allMatch(Rules::loopback)) {
            f.add(new Finding(n, Check.HOSTNAME, true, "hostname '" + m.hostname() + "' resolves only to loopback "
                    + String.join(", ", addresses), "a non-loopback address (" + e.internalAddress() + ")",
                    "remove the '" + addresses.getFirst() + " " + m.hostname() + "' line from /etc/hosts"));
        }
    }

    private static boolean loopback(String address) {
        return address.startsWith("127.") || address.equals("::1");
    }

    private static List<String> modules(Measured m, ModuleStatus status) {
        return m.modulesUnavailable().entrySet().stream().filter(x -> x.getValue() == status).map(Map.Entry::getKey).sorted().toList();
    }

    private static String ipvsHint(List<String> modules) {
        return modules.stream().anyMatch(x -> x.startsWith("ip_vs")) ? ", or set spec.kubernetes.proxyMode: iptables, which needs no ip_vs" : "";
    }

    static boolean osSupported(String id, String version) {
        Set<String> versions = SUPPORTED_OS.get(id);
        if (versions == null) {
            return false;
        }
        String major = id.equals("ubuntu") ? version : version.replaceFirst("\\..*", "");
        return versions.contains(major) || versions.contains(version);
    }

    private static String supportedList() {
        return "debian 11/12, ubuntu 20.04/22.04, centos 7/8, rocky 8/9, rhel 7/8, kylin V10";
    }
}
