package io.kubexm.ops;

import io.kubexm.engine.Reversible;
import io.kubexm.engine.StepContext;

/**
 * A step that can be taken back completely: {@link #rollback} restores what the node had before
 * {@link #apply}, and {@link #undone} tells (read-only) whether nothing of the step is left. A failed
 * task rolls these back; {@code delete cluster} runs them backwards through {@link Revert}.
 */
public interface Undoable extends Reversible {
    boolean undone(StepContext ctx) throws Exception;
}
