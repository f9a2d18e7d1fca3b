package io.kubexm.engine;

/**
 * A step whose effect can be undone. When its task fails, the executor rolls back the task's
 * applied reversible steps on every host of the task, last applied first.
 */
public interface Reversible extends Step {
    void rollback(StepContext ctx) throws Exception;
}
