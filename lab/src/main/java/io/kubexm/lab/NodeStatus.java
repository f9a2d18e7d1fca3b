package io.kubexm.lab;

import java.util.List;
import java.util.Optional;

/**
 * A node as {@code kubexm lab status} sees it: whether its container runs, what
 * {@code systemctl is-system-running} says (with the failed units when degraded) and the
 * memory its cgroup holds.
 */
public record NodeStatus(LabNode node, boolean running, String systemState, List<String> failedUnits,
                         Optional<Long> memoryBytes) {
    public NodeStatus {
        failedUnits = List.copyOf(failedUnits);
    }
}
