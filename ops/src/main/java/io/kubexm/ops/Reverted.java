package io.kubexm.ops;

import io.kubexm.engine.Module;
import io.kubexm.engine.Step;
import io.kubexm.engine.Task;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A module run backwards: its tasks in reverse order, one after the other, and on each host the
 * {@link Undoable} steps reverted in reverse order. Steps that change nothing (checks) are left out.
 */
public record Reverted(Module<ClusterInput> module) implements Module<ClusterInput> {

    @Override
    public String name() {
        return "undo-" + module.name();
    }

    @Override
    public List<Task> tasks(ClusterInput input) {
        List<Task> forward = new ArrayList<>(module.tasks(input));
        Collections.reverse(forward);
        List<Task> tasks = new ArrayList<>();
        String previous = null;
        for (Task t : forward) {
            Task undo = new Task("undo-" + t.name(), t.hosts(), previous == null ? List.of() : List.of(previous),
                    host -> reverted(t.steps().apply(host)));
            if (t.hosts().stream().anyMatch(h -> !undo.steps().apply(h).isEmpty())) {
                tasks.add(undo);
                previous = undo.name();
            }
        }
        return tasks;
    }

    private static List<Step> reverted(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        for (int i = steps.size() - 1; i >= 0; i--) {
            if (steps.get(i) instanceof Undoable u) {
                out.add(new Revert(u));
            }
        }
        return out;
    }
}
