package io.kubexm.ops;

import io.kubexm.engine.Step;
import io.kubexm.engine.StepContext;
import java.time.Duration;

/** Runs an {@link Undoable} step backwards: {@code delete cluster} is create's steps reverted in reverse order. */
public record Revert(Undoable step) implements Step {

    @Override
    public String name() {
        return "revert-" + step.name();
    }

    @Override
    public String describe() {
        return "undo: " + step.describe();
    }

    @Override
    public Duration timeout() {
        return step.timeout();
    }

    @Override
    public Object inputs() {
        return "revert " + step.inputs();
    }

    @Override
    public boolean check(StepContext ctx) throws Exception {
        return step.undone(ctx);
    }

    @Override
    public void apply(StepContext ctx) throws Exception {
        step.rollback(ctx);
    }
}
