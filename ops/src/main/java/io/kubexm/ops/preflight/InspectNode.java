package io.kubexm.ops.preflight;

import io.kubexm.connector.Command;
import io.kubexm.connector.ConnectorException;
import io.kubexm.connector.ExecResult;
import io.kubexm.engine.Key;
import io.kubexm.engine.Retry;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.Node;
import io.kubexm.runner.KernelModules;
import io.kubexm.runner.ModuleStatus;
import io.kubexm.runner.Ports;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Measures everything preflight needs on one node in one round trip and judges it. Read-only, so
 * it is always "unchanged"; its findings go to the control node's {@link Verdict}, which reports
 * all nodes' problems together. A node that cannot be reached is a finding too, not a failed step.
 */
public record InspectNode(Expectations expect) implements Step {
    /** Marks a node as belonging to a cluster; written by node preparation, removed by delete. */
    public static final String OWNER_FILE = Node.STATE_DIR + "/cluster";

    public static Key<NodeReport> key(String node) {
        return Key.of("preflight." + node, NodeReport.class);
    }

    @Override
    public String name() {
        return "inspect";
    }

    @Override
    public String describe() {
        return "measure OS, CPU, memory, kernel, modules, hostname, clock, leftovers, ports " + expect.ports().keySet()
                + ", resolver, SELinux, firewall, swap";
    }

    @Override
    public Set<Key<?>> produces() {
        return Set.of(key(expect.node()));
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(60);
    }

    @Override
    public Retry retry() {
        return Retry.times(2, Duration.ofSeconds(1));
    }

    @Override
    public boolean check(StepContext ctx) {
        List<Finding> findings;
        Node node = Node.of(ctx);
        Optional<ConnectorException> unreachable = probe(node);
        if (unreachable.isPresent()) {
            ConnectorException e = unreachable.get();
            findings = List.of(new Finding(expect.node(), Check.CONNECTIVITY, true, e.getMessage(), "SSH login",
                    "check address, port, user and key or password in cluster.yaml, and that sshd runs"));
            ctx.put(key(expect.node()), new NodeReport(expect.node(), findings));
            return true;
        }
        try {
            findings = Rules.evaluate(expect, measure(node));
        } catch (SudoRefused e) {
            findings = List.of(new Finding(expect.node(), Check.SUDO, true, "sudo whoami failed: " + e.getMessage(), "root",
                    "give the login user sudo rights (NOPASSWD, or set sudoPassword in cluster.yaml)"));
        } catch (ConnectorException e) {
            findings = List.of(new Finding(expect.node(), Check.SUDO, true, e.getMessage(), "sudo whoami prints root",
                    "give the login user sudo rights (NOPASSWD, or set sudoPassword in cluster.yaml)"));
        }
        ctx.put(key(expect.node()), new NodeReport(expect.node(), findings));
        return true;
    }

    @Override
    public void apply(StepContext ctx) {
        throw new IllegalStateException("preflight inspection changes nothing");
    }

    /** Logs in, three times before giving up: a handshake can time out on a loaded control node. */
    private static Optional<ConnectorException> probe(Node node) {
        ConnectorException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                node.connector().run(Command.of("true").withTimeout(Duration.ofSeconds(30)));
                return Optional.empty();
            } catch (ConnectorException e) {
                last = e;
            }
        }
        return Optional.of(last);
    }

    static final String SCRIPT = """
            echo "whoami=$(whoami)"
            if [ -r /etc/os-release ]; then . /etc/os-release; fi
            echo "os_id=${ID:-unknown}"; echo "os_version=${VERSION_ID:-unknown}"
            echo "kernel=$(uname -r)"
            echo "cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
            echo "mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
            h=$(uname -n); echo "hostname=$h"
            getent ahosts "$h" 2>/dev/null | awk '{print "addr=" $1}' | sort -u
            for s in chronyd chrony ntpd ntp systemd-timesyncd; do systemctl is-active --quiet $s 2>/dev/null && echo "time=$s"; done
            [ -e /etc/kubernetes ] && echo "leftover=/etc/kubernetes"
            for u in /etc/systemd/system/kubelet.service /lib/systemd/system/kubelet.service /usr/lib/systemd/system/kubelet.service; do
              [ -e "$u" ] && echo "leftover=$u"; done
            if command -v crictl >/dev/null 2>&1; then n=$(crictl ps -q 2>/dev/null | wc -l); [ "$n" -gt 0 ] && echo "leftover=$n running containers (crictl ps)"; fi
            if systemctl is-active --quiet docker 2>/dev/null; then n=$(docker ps -q | wc -l); [ "$n" -gt 0 ] && echo "leftover=$n running containers (docker ps)"; fi
            [ -r /etc/resolv.conf ] && awk '$1 == "nameserver" {print "ns=" $2}' /etc/resolv.conf
            echo "selinux=$(getenforce 2>/dev/null || echo absent)"
            for s in firewalld ufw; do systemctl is-active --quiet $s 2>/dev/null && echo "firewall=$s"; done
            tail -n +2 /proc/swaps 2>/dev/null | awk '{print "swap=" $1}'
            [ -r %s ] && echo "owner=$(cat %s)"
            echo "clock_ns=$(date +%%s%%N)"
            """;

    Measured measure(Node node) {
        String script = SCRIPT.formatted(OWNER_FILE, OWNER_FILE);
        long before = System.currentTimeMillis();
        ExecResult r = node.sh(script);
        long after = System.currentTimeMillis();
        if (r.stdout().isBlank()) {
            throw new SudoRefused(r.stderr().isBlank() ? "exit code " + r.exitCode()
                    : r.stderr().strip().lines().findFirst().orElse(""));
        }
        Map<String, String> one = new HashMap<>();
        Map<String, List<String>> many = new HashMap<>();
        r.stdout().lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                one.put(line.substring(0, eq), line.substring(eq + 1).strip());
                many.computeIfAbsent(line.substring(0, eq), k -> new ArrayList<>()).add(line.substring(eq + 1).strip());
            }
        });
        long nodeMillis = Long.parseLong(one.getOrDefault("clock_ns", "0")) / 1_000_000;
        KernelModules kernelModules = node.runner().kernelModules();
        Map<String, ModuleStatus> modulesUnavailable = new HashMap<>();
        for (String m : expect.modules()) {
            ModuleStatus status = kernelModules.status(m);
            if (status != ModuleStatus.LOADABLE && !status.available()) {
                modulesUnavailable.put(m, status);
            }
        }
        Map<Integer, String> listeners = new HashMap<>();
        for (Ports.Listener l : node.runner().ports().listening()) {
            listeners.putIfAbsent(l.port(), l.process().orElse("an unknown process")
                    + l.pid().map(p -> " (pid " + p + ")").orElse(""));
        }
        return new Measured(one.getOrDefault("whoami", ""), one.getOrDefault("os_id", "unknown"),
                one.getOrDefault("os_version", "unknown"), one.getOrDefault("kernel", ""),
                Integer.parseInt(one.getOrDefault("cpus", "0")), Long.parseLong(one.getOrDefault("mem_kb", "0")) * 1024,
                one.getOrDefault("hostname", ""), many.getOrDefault("addr", List.of()),
                nodeMillis - (before + after) / 2, many.getOrDefault("time", List.of()),
                many.getOrDefault("leftover", List.of()), listeners, modulesUnavailable,
                many.getOrDefault("ns", List.of()), one.getOrDefault("selinux", "absent"),
                many.getOrDefault("firewall", List.of()), many.getOrDefault("swap", List.of()),
                Optional.ofNullable(one.get("owner")).filter(s -> !s.isEmpty()));
    }

    /** sudo refused, or the shell failed before printing anything: nothing else can be measured. */
    private static final class SudoRefused extends RuntimeException {
        SudoRefused(String why) {
            super(why);
        }
    }
}
