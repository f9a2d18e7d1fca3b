package io.kubexm.ops.preflight;

import io.kubexm.runner.ModuleStatus;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What one SSH round trip measured on a node, before any judgement.
 *
 * @param clockSkewMillis node clock minus control-node clock, corrected by half the round trip
 * @param listeners       port to "process (pid N)" for every listening TCP port
 * @param modulesUnavailable kernel modules neither loaded, built in nor loadable, with why (missing, or the node is a container)
 * @param owner           the cluster whose kubexm marker the node carries, if any
 */
public record Measured(String whoami, String osId, String osVersion, String kernel, int cpus, long memoryBytes,
                       String hostname, List<String> hostnameAddresses, long clockSkewMillis,
                       List<String> timeServices, List<String> leftovers, Map<Integer, String> listeners,
                       Map<String, ModuleStatus> modulesUnavailable, List<String> nameservers, String selinux,
                       List<String> firewalls, List<String> swaps, Optional<String> owner) {
    public Measured {
        hostnameAddresses = List.copyOf(hostnameAddresses);
        timeServices = List.copyOf(timeServices);
        leftovers = List.copyOf(leftovers);
        listeners = Map.copyOf(listeners);
        modulesUnavailable = Map.copyOf(modulesUnavailable);
        nameservers = List.copyOf(nameservers);
        firewalls = List.copyOf(firewalls);
        swaps = List.copyOf(swaps);
    }
}
