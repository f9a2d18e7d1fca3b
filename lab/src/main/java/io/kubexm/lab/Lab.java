package io.kubexm.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A lab as it exists on this machine: its bridge and subnet, its nodes, the SSH key and
 * known_hosts that reach them, and the cluster.yaml written for them.
 */
public record Lab(String name, LabOs os, String subnet, String gateway, String bridge, List<LabNode> nodes,
                  Path stateDir, Path privateKey, Path knownHosts, Path clusterYaml) {
    public Lab {
        nodes = List.copyOf(nodes);
    }

    public Optional<LabNode> node(String nodeName) {
        return nodes.stream().filter(n -> n.name().equals(nodeName)).findFirst();
    }

    /** The node or an error that lists the nodes there are. */
    public LabNode requireNode(String nodeName) {
        return node(nodeName).orElseThrow(() -> new LabException("lab " + name + " has no node '" + nodeName
                + "'; its nodes are " + nodes.stream().map(LabNode::name).toList()));
    }
}
