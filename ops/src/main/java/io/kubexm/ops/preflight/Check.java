package io.kubexm.ops.preflight;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** The preflight checks of MISSION.md, by the name {@code --skip-preflight} takes. */
public enum Check {
    CONNECTIVITY, SUDO, OS, CPU, MEMORY, KERNEL, KERNEL_MODULES, HOSTNAME, CLOCK, TIME_SERVICE, LEFTOVERS, PORTS,
    RESOLV_CONF, SELINUX, FIREWALL, SWAP;

    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Optional<Check> byId(String id) {
        return Arrays.stream(values()).filter(c -> c.id().equals(id)).findFirst();
    }

    public static String ids() {
        return Arrays.stream(values()).map(Check::id).collect(Collectors.joining(", "));
    }
}
