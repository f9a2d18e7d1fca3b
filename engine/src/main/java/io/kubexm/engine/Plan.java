package io.kubexm.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The DAG a pipeline yields for one input; made by {@link Planner#plan}, run by {@link Executor}. */
public record Plan(String pipeline, List<Host> hosts, List<PlannedModule> modules) {

    public record PlannedModule(String name, List<PlannedTask> tasks) {
        public PlannedModule {
            tasks = List.copyOf(tasks);
        }

        public List<PlanNode> nodes() {
            return tasks.stream().flatMap(t -> t.nodes().stream()).toList();
        }
    }

    /** A task as planned: {@code nodes} grouped by host in the task's host order, then in step order. */
    public record PlannedTask(String name, List<String> after, List<Host> hosts, List<PlanNode> nodes) {
        public PlannedTask {
            after = List.copyOf(after);
            hosts = List.copyOf(hosts);
            nodes = List.copyOf(nodes);
        }

        public List<PlanNode> nodesOn(Host host) {
            return nodes.stream().filter(n -> n.host().equals(host)).toList();
        }
    }

    public Plan {
        hosts = List.copyOf(hosts);
        modules = List.copyOf(modules);
    }

    public List<PlanNode> nodes() {
        return modules.stream().flatMap(m -> m.nodes().stream()).toList();
    }

    public Optional<PlanNode> node(String id) {
        return nodes().stream().filter(n -> n.id().equals(id)).findFirst();
    }

    /** Every key some step produces, by name, with its producer. */
    public Map<String, PlanNode> producers() {
        Map<String, PlanNode> producers = new LinkedHashMap<>();
        for (PlanNode n : nodes()) {
            for (Key<?> k : n.step().produces()) {
                producers.put(k.name(), n);
            }
        }
        return producers;
    }

    /** The declared keys by name, to read persisted blackboard values back with their types. */
    public Map<String, Key<?>> keys() {
        Map<String, Key<?>> keys = new LinkedHashMap<>();
        for (PlanNode n : nodes()) {
            n.step().produces().forEach(k -> keys.put(k.name(), k));
        }
        return keys;
    }
}
