package io.kubexm.runner;

import io.kubexm.connector.Command;
import io.kubexm.connector.Connector;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Gathers {@link HostFacts} with one command. */
public final class Facts {
    private static final String OS_RELEASE_FOLLOWS = "--- os-release ---";
    private static final String SCRIPT = """
            echo "machine=$(uname -m)"
            echo "kernel=$(uname -r)"
            echo "cpus=$(getconf _NPROCESSORS_ONLN 2>/dev/null || nproc)"
            echo "mem_kb=$(awk '/^MemTotal:/ {print $2}' /proc/meminfo)"
            echo "hostname=$(uname -n)"
            if [ -d /run/systemd/system ]; then echo init=systemd; else echo init=other; fi
            pm=none
            for c in apt-get dnf yum; do if command -v $c >/dev/null 2>&1; then pm=$c; break; fi; done
            echo "pkg=$pm"
            if command -v systemd-detect-virt >/dev/null 2>&1; then c=$(systemd-detect-virt --container 2>/dev/null)
            elif [ -f /.dockerenv ]; then c=docker
            elif [ -f /run/.containerenv ]; then c=podman
            else c=$(tr '\\0' '\\n' < /proc/1/environ 2>/dev/null | sed -n 's/^container=//p'); fi
            echo "container=${c:-none}"
            echo "%s"
            cat /etc/os-release 2>/dev/null || cat /usr/lib/os-release 2>/dev/null || true
            """.formatted(OS_RELEASE_FOLLOWS);

    private Facts() {
    }

    public static HostFacts gather(Connector node) {
        Map<String, String> v = new HashMap<>();
        String out = node.run(Command.sudo(SCRIPT).asIdempotent()).stdout();
        int split = out.indexOf(OS_RELEASE_FOLLOWS + "\n");
        if (split < 0) {
            throw new RunnerException("cannot read the facts of node " + node.host().describe() + " (the fact script stopped early: "
                    + out.strip() + "); make sure /bin/sh, uname and awk work there");
        }
        OsRelease os = OsRelease.parse(out.substring(split + OS_RELEASE_FOLLOWS.length() + 1));
        out.substring(0, split).lines().forEach(line -> {
            int eq = line.indexOf('=');
            if (eq > 0) {
                v.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        });
        try {
            String container = v.getOrDefault("container", "none");
            return new HostFacts(
                    os.id(), os.versionId(), arch(v.get("machine")), v.get("kernel"),
                    Integer.parseInt(v.get("cpus")), Long.parseLong(v.get("mem_kb")) * 1024, v.get("hostname"),
                    v.get("init").equals("systemd") ? HostFacts.InitSystem.SYSTEMD : HostFacts.InitSystem.OTHER,
                    switch (v.get("pkg")) {
                        case "apt-get" -> HostFacts.PackageManager.APT;
                        case "dnf" -> HostFacts.PackageManager.DNF;
                        case "yum" -> HostFacts.PackageManager.YUM;
                        default -> HostFacts.PackageManager.NONE;
                    },
                    container.equals("none") ? Optional.empty() : Optional.of(container));
        } catch (RuntimeException e) {
            throw new RunnerException("cannot read the facts of node " + node.host().describe() + " (got " + v
                    + "): " + e.getMessage() + "; make sure uname, awk and /proc/meminfo are available");
        }
    }

    static String arch(String machine) {
        return switch (machine) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            case "loongarch64" -> "loong64";
            default -> machine;
        };
    }
}
