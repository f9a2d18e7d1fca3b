package io.kubexm.ops.preflight;

import java.util.List;

/** Everything preflight found on one node (empty: all checks passed). */
public record NodeReport(String node, List<Finding> findings) {
    public NodeReport {
        findings = List.copyOf(findings);
    }
}
