package io.kubexm.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a pipeline and its input into a {@link Plan}. Pure: it calls the modules' and tasks'
 * factories and touches nothing else. Refuses (with every problem at once) a plan with
 * duplicate names, a task ordered after an unknown task, a consumed key that no earlier step
 * produces, a key with two producers, or a cycle.
 */
public final class Planner {
    private Planner() {
    }

    static final Comparator<Key<?>> BY_NAME = Comparator.comparing(Key::name);

    public static <I> Plan plan(Pipeline<I> pipeline, I input) {
        List<String> problems = new ArrayList<>();
        Map<String, Host> hosts = new LinkedHashMap<>();
        // Pass 1: nodes with their in-task edges.
        List<Draft> modules = new ArrayList<>();
        Set<String> moduleNames = new HashSet<>();
        int index = 0;
        for (Module<I> module : pipeline.modules()) {
            if (!moduleNames.add(module.name())) {
                problems.add("module '" + module.name() + "' appears twice; give each module its own name");
            }
            Draft draft = new Draft(module.name());
            for (Task task : module.tasks(input)) {
                if (draft.tasks.containsKey(task.name())) {
                    problems.add("module '" + module.name() + "' has two tasks named '" + task.name() + "'");
                    continue;
                }
                TaskDraft td = new TaskDraft(task);
                draft.tasks.put(task.name(), td);
                Set<String> taskHosts = new HashSet<>();
                for (Host host : task.hosts()) {
                    if (!taskHosts.add(host.name())) {
                        problems.add("task '" + module.name() + "/" + task.name() + "' lists host '" + host.name() + "' twice");
                        continue;
                    }
                    Host known = hosts.putIfAbsent(host.name(), host);
                    if (known != null && !known.equals(host)) {
                        problems.add("host '" + host.name() + "' appears with different attributes: " + known.attributes()
                                + " and " + host.attributes());
                    }
                    Set<String> stepNames = new HashSet<>();
                    String previous = null;
                    for (Step step : task.steps().apply(host)) {
                        if (!stepNames.add(step.name())) {
                            problems.add("task '" + module.name() + "/" + task.name() + "' has two steps named '"
                                    + step.name() + "' on host '" + host.name() + "'; step names must be unique within a task");
                            continue;
                        }
                        String id = PlanNode.id(module.name(), task.name(), step.name(), host);
                        NodeDraft nd = new NodeDraft(id, index++, module.name(), task.name(), host, step);
                        if (previous != null) {
                            nd.after.add(previous);
                        }
                        previous = id;
                        td.nodes.add(nd);
                    }
                }
            }
            modules.add(draft);
        }
        // Pass 2: task edges and key edges.
        Map<String, NodeDraft> producers = new HashMap<>();
        Map<String, Integer> producerModule = new HashMap<>();
        for (int m = 0; m < modules.size(); m++) {
            for (TaskDraft td : modules.get(m).tasks.values()) {
                for (NodeDraft n : td.nodes) {
                    for (Key<?> key : n.step.produces()) {
                        NodeDraft other = producers.putIfAbsent(key.name(), n);
                        if (other != null) {
                            problems.add("key '" + key.name() + "' is produced by both '" + other.id + "' and '" + n.id
                                    + "'; a key has exactly one producer (give per-host values per-host key names)");
                        } else {
                            producerModule.put(key.name(), m);
                        }
                    }
                }
            }
        }
        for (int m = 0; m < modules.size(); m++) {
            Draft module = modules.get(m);
            for (TaskDraft td : module.tasks.values()) {
                for (String before : td.task.after()) {
                    TaskDraft dep = module.tasks.get(before);
                    if (dep == null) {
                        problems.add("task '" + module.name + "/" + td.task.name() + "' is ordered after task '" + before
                                + "', which module '" + module.name + "' does not have (it has: "
                                + String.join(", ", module.tasks.keySet()) + ")");
                        continue;
                    }
                    List<String> lastOfDep = dep.lastNodes();
                    for (NodeDraft first : td.firstNodes()) {
                        first.after.addAll(lastOfDep);
                    }
                }
                for (NodeDraft n : td.nodes) {
                    for (Key<?> key : n.step.consumes()) {
                        NodeDraft producer = producers.get(key.name());
                        if (producer == null) {
                            problems.add("step '" + n.id + "' consumes key '" + key.name() + "' but no step of pipeline '"
                                    + pipeline.name() + "' produces it; add a step that produces it to an earlier task or module");
                        } else if (!producer.step.produces().contains(key)) {
                            problems.add("step '" + n.id + "' consumes key '" + key.name() + "' as " + key.type().getName()
                                    + " but '" + producer.id + "' produces it with another type");
                        } else if (producer == n) {
                            problems.add("step '" + n.id + "' both produces and consumes key '" + key.name() + "'");
                        } else if (producerModule.get(key.name()) > m) {
                            problems.add("step '" + n.id + "' consumes key '" + key.name() + "', which only '" + producer.id
                                    + "' of a later module produces; move the producer to an earlier module");
                        } else if (producerModule.get(key.name()) == m) {
                            n.after.add(producer.id);
                        }
                    }
                }
            }
        }
        for (Draft module : modules) {
            findCycle(module).ifPresent(cycle -> problems.add("module '" + module.name
                    + "' has a cycle (explicit and key edges): " + String.join(" -> ", cycle)));
        }
        if (!problems.isEmpty()) {
            throw new PlanException(pipeline.name(), problems);
        }
        List<Plan.PlannedModule> planned = modules.stream().map(Draft::toPlanned).toList();
        return new Plan(pipeline.name(), List.copyOf(hosts.values()), planned);
    }

    /** Kahn's algorithm; when nodes remain, follow their unfinished edges back to a cycle. */
    private static java.util.Optional<List<String>> findCycle(Draft module) {
        Map<String, NodeDraft> nodes = new LinkedHashMap<>();
        module.tasks.values().forEach(t -> t.nodes.forEach(n -> nodes.put(n.id, n)));
        Map<String, Integer> indegree = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (NodeDraft n : nodes.values()) {
            indegree.put(n.id, n.after.size());
            for (String a : n.after) {
                dependents.computeIfAbsent(a, x -> new ArrayList<>()).add(n.id);
            }
        }
        Deque<String> ready = new ArrayDeque<>();
        indegree.forEach((id, d) -> {
            if (d == 0) {
                ready.add(id);
            }
        });
        int done = 0;
        while (!ready.isEmpty()) {
            String id = ready.poll();
            done++;
            for (String d : dependents.getOrDefault(id, List.of())) {
                if (indegree.merge(d, -1, Integer::sum) == 0) {
                    ready.add(d);
                }
            }
        }
        if (done == nodes.size()) {
            return java.util.Optional.empty();
        }
        // Walk backwards along edges between unfinished nodes until one repeats.
        String start = nodes.keySet().stream().filter(id -> indegree.get(id) > 0).findFirst().orElseThrow();
        List<String> path = new ArrayList<>();
        Map<String, Integer> seenAt = new HashMap<>();
        String current = start;
        while (!seenAt.containsKey(current)) {
            seenAt.put(current, path.size());
            path.add(current);
            current = nodes.get(current).after.stream().filter(a -> indegree.get(a) > 0).findFirst().orElseThrow();
        }
        List<String> cycle = new ArrayList<>(path.subList(seenAt.get(current), path.size()));
        java.util.Collections.reverse(cycle);
        cycle.add(cycle.get(0));
        return java.util.Optional.of(cycle);
    }

    private static final class Draft {
        final String name;
        final Map<String, TaskDraft> tasks = new LinkedHashMap<>();

        Draft(String name) {
            this.name = name;
        }

        Plan.PlannedModule toPlanned() {
            return new Plan.PlannedModule(name, tasks.values().stream().map(TaskDraft::toPlanned).toList());
        }
    }

    private static final class TaskDraft {
        final Task task;
        final List<NodeDraft> nodes = new ArrayList<>();

        TaskDraft(Task task) {
            this.task = task;
        }

        List<NodeDraft> firstNodes() {
            Set<String> seen = new HashSet<>();
            return nodes.stream().filter(n -> seen.add(n.host.name())).toList();
        }

        List<String> lastNodes() {
            Map<String, String> last = new LinkedHashMap<>();
            nodes.forEach(n -> last.put(n.host.name(), n.id));
            return List.copyOf(last.values());
        }

        Plan.PlannedTask toPlanned() {
            return new Plan.PlannedTask(task.name(), task.after(), task.hosts(),
                    nodes.stream().map(NodeDraft::toNode).toList());
        }
    }

    private static final class NodeDraft {
        final String id;
        final int index;
        final String module;
        final String task;
        final Host host;
        final Step step;
        final Set<String> after = new LinkedHashSet<>();

        NodeDraft(String id, int index, String module, String task, Host host, Step step) {
            this.id = id;
            this.index = index;
            this.module = module;
            this.task = task;
            this.host = host;
            this.step = step;
        }

        PlanNode toNode() {
            return new PlanNode(id, index, module, task, host, step, List.copyOf(after));
        }
    }
}
