package io.kubexm.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders a plan for people ({@link #text}) and for tools ({@link #json}). Both are stable:
 * the same plan always renders to the same bytes (declaration order, keys sorted by name), so
 * they can be diffed and snapshot-tested.
 */
public final class PlanRenderer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PlanRenderer() {
    }

    /** The renderings, by the names a {@code --output} option takes. */
    public enum Format {
        TEXT, JSON;

        public String render(Plan plan) {
            return this == TEXT ? text(plan) : json(plan);
        }
    }

    public static String text(Plan plan) {
        StringBuilder b = new StringBuilder();
        List<PlanNode> all = plan.nodes();
        long tasks = plan.modules().stream().mapToLong(m -> m.tasks().size()).sum();
        b.append("pipeline ").append(plan.pipeline()).append(": ")
                .append(count(plan.modules().size(), "module")).append(", ")
                .append(count(tasks, "task")).append(", ")
                .append(count(all.size(), "step")).append(" on ")
                .append(count(plan.hosts().size(), "host")).append('\n');
        for (Host h : plan.hosts()) {
            b.append("  host ").append(h.name());
            if (!h.attributes().isEmpty()) {
                b.append("  ").append(h.attributes().entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" ")));
            }
            b.append('\n');
        }
        Map<String, PlanNode> producers = plan.producers();
        int m = 0;
        for (Plan.PlannedModule module : plan.modules()) {
            b.append('\n').append(++m).append(". module ").append(module.name()).append('\n');
            for (Plan.PlannedTask task : module.tasks()) {
                b.append("   task ").append(task.name()).append("  on ")
                        .append(task.hosts().stream().map(Host::name).collect(Collectors.joining(", ")));
                if (!task.after().isEmpty()) {
                    b.append("  after task ").append(String.join(", ", task.after()));
                }
                b.append('\n');
                for (Host host : task.hosts()) {
                    List<PlanNode> nodes = task.nodesOn(host);
                    b.append("     ").append(host.name()).append(nodes.isEmpty() ? "  (no steps)" : "").append('\n');
                    int s = 0;
                    for (PlanNode n : nodes) {
                        Step step = n.step();
                        b.append("       ").append(++s).append(". ").append(step.name());
                        if (!step.describe().isEmpty()) {
                            b.append("  ").append(step.describe());
                        }
                        b.append("  [").append(options(step)).append("]\n");
                        for (Key<?> k : step.consumes().stream().sorted(Planner.BY_NAME).toList()) {
                            b.append("          consumes ").append(k.name()).append(" <- ")
                                    .append(producers.get(k.name()).id()).append('\n');
                        }
                        for (Key<?> k : step.produces().stream().sorted(Planner.BY_NAME).toList()) {
                            b.append("          produces ").append(k.name()).append('\n');
                        }
                    }
                }
            }
        }
        return b.toString();
    }

    public static String json(Plan plan) {
        ObjectNode root = JSON.createObjectNode();
        root.put("pipeline", plan.pipeline());
        ArrayNode hosts = root.putArray("hosts");
        for (Host h : plan.hosts()) {
            ObjectNode host = hosts.addObject().put("name", h.name());
            ObjectNode attributes = host.putObject("attributes");
            h.attributes().forEach(attributes::put);
        }
        ArrayNode modules = root.putArray("modules");
        for (Plan.PlannedModule module : plan.modules()) {
            ObjectNode mo = modules.addObject().put("name", module.name());
            ArrayNode tasks = mo.putArray("tasks");
            for (Plan.PlannedTask task : module.tasks()) {
                ObjectNode t = tasks.addObject().put("name", task.name());
                task.after().forEach(t.putArray("after")::add);
                ArrayNode taskHosts = t.putArray("hosts");
                task.hosts().forEach(h -> taskHosts.add(h.name()));
                ArrayNode steps = t.putArray("steps");
                for (PlanNode n : task.nodes()) {
                    Step step = n.step();
                    ObjectNode s = steps.addObject();
                    s.put("id", n.id()).put("host", n.host().name()).put("step", step.name())
                            .put("description", step.describe())
                            .put("timeout_ms", step.timeout().toMillis())
                            .put("reversible", step instanceof Reversible);
                    Retry r = step.retry();
                    s.putObject("retry").put("attempts", r.attempts()).put("backoff_ms", r.backoff().toMillis())
                            .put("factor", r.factor()).put("max_backoff_ms", r.maxBackoff().toMillis());
                    keys(s.putArray("produces"), step.produces().stream().sorted(Planner.BY_NAME).toList());
                    keys(s.putArray("consumes"), step.consumes().stream().sorted(Planner.BY_NAME).toList());
                    n.after().forEach(s.putArray("after")::add);
                }
            }
        }
        DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        try {
            return JSON.writer(printer).writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void keys(ArrayNode array, List<Key<?>> keys) {
        for (Key<?> k : keys) {
            array.addObject().put("key", k.name()).put("type", k.type().getName());
        }
    }

    private static String options(Step step) {
        StringBuilder b = new StringBuilder("timeout ").append(human(step.timeout()));
        Retry r = step.retry();
        if (r.attempts() > 1) {
            b.append(", ").append(r.attempts()).append(" attempts, backoff ").append(human(r.backoff()));
        }
        if (step instanceof Reversible) {
            b.append(", reversible");
        }
        return b.toString();
    }

    static String human(Duration d) {
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = d.toSeconds();
        StringBuilder b = new StringBuilder();
        if (s >= 3600) {
            b.append(s / 3600).append('h');
        }
        if (s % 3600 >= 60) {
            b.append(s % 3600 / 60).append('m');
        }
        if (s % 60 > 0 || b.isEmpty()) {
            b.append(s % 60).append('s');
        }
        return b.toString();
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
