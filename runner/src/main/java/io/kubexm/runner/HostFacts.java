package io.kubexm.runner;

import java.util.Optional;

/**
 * What a node is, gathered once per host.
 *
 * @param osId      {@code ID} from /etc/os-release ({@code debian}, {@code ubuntu}, {@code rocky}, ...)
 * @param osVersion {@code VERSION_ID} from /etc/os-release
 * @param arch      Kubernetes naming: {@code amd64}, {@code arm64}, ... (uname -m when unknown)
 * @param container the container technology the node runs in ({@code docker}, {@code systemd-nspawn}, ...), if any
 */
public record HostFacts(String osId, String osVersion, String arch, String kernel, int cpus, long memoryBytes,
                        String hostname, InitSystem init, PackageManager packageManager, Optional<String> container) {

    public enum InitSystem { SYSTEMD, OTHER }

    public enum PackageManager { APT, DNF, YUM, NONE }
}
