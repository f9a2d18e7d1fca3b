package io.kubexm.ops.build;

/** What one build did to one node's files. */
public record NodeSummary(String node, int added, int changed, int unchanged, int removed) {

    public boolean untouched() {
        return added == 0 && changed == 0 && removed == 0;
    }
}
