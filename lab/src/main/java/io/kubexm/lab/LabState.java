package io.kubexm.lab;

import java.util.List;

/** What {@code lab.json} in the lab's state directory records: enough to rebuild {@link Lab}. */
record LabState(String name, String os, String subnet, List<String> nodes) {
    LabState {
        nodes = List.copyOf(nodes);
    }
}
