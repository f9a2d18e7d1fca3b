package io.kubexm.lab;

import java.util.List;

/**
 * What {@code lab.json} in the lab's state directory records: enough to rebuild {@link Lab},
 * including where {@code up} wrote cluster.yaml, so that {@code down} removes it from any directory.
 */
record LabState(String name, String os, String subnet, List<String> nodes, String clusterYaml) {
    LabState {
        nodes = List.copyOf(nodes);
    }

    LabState withClusterYaml(String path) {
        return new LabState(name, os, subnet, nodes, path);
    }
}
