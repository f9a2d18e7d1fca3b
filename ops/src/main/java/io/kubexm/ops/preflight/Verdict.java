package io.kubexm.ops.preflight;

import io.kubexm.engine.Key;
import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import io.kubexm.ops.OpsException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** On the control node: all nodes' findings together; any error stops the run before anything changes. */
public record Verdict(List<String> nodes) implements Step {

    public Verdict {
        nodes = List.copyOf(nodes);
    }

    @Override
    public String name() {
        return "verdict";
    }

    @Override
    public String describe() {
        return "report the findings of " + nodes.size() + " node(s) together; stop on any error";
    }

    @Override
    public Set<Key<?>> consumes() {
        Set<Key<?>> keys = new LinkedHashSet<>();
        nodes.forEach(n -> keys.add(InspectNode.key(n)));
        return keys;
    }

    @Override
    public boolean check(StepContext ctx) {
        List<Finding> all = nodes.stream().flatMap(n -> ctx.get(InspectNode.key(n)).findings().stream()).toList();
        all.stream().filter(f -> !f.error()).forEach(f -> ctx.warn(f.message()));
        List<Finding> errors = all.stream().filter(Finding::error).toList();
        if (!errors.isEmpty()) {
            StringBuilder b = new StringBuilder("preflight found ").append(errors.size()).append(" problem(s); nothing was changed:");
            errors.forEach(f -> b.append("\n  ").append(f.message()));
            b.append("\nfix them and run again, or skip a check you know to be wrong with --skip-preflight=CHECK[,CHECK]"
                    + " (checks: ").append(Check.ids()).append(")");
            throw new OpsException(b.toString());
        }
        ctx.info("preflight passed on " + nodes.size() + " node(s)" + (all.isEmpty() ? "" : " with " + all.size() + " warning(s)"));
        return true;
    }

    @Override
    public void apply(StepContext ctx) {
        throw new IllegalStateException("the preflight verdict changes nothing");
    }
}
