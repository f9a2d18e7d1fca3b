package io.kubexm.engine;

import java.util.List;

/**
 * One step instance on one host. {@code id} is {@code module/task/step@host}. {@code after}
 * holds the ids of the nodes of the same module that must finish first (the previous step of
 * the task on this host, the last steps of the tasks named in the task's {@code after}, and the
 * producers of consumed keys); every node of earlier modules finishes first anyway.
 */
public record PlanNode(String id, int index, String module, String task, Host host, Step step, List<String> after) {
    public PlanNode {
        after = List.copyOf(after);
    }

    static String id(String module, String task, String step, Host host) {
        return module + "/" + task + "/" + step + "@" + host.name();
    }
}
