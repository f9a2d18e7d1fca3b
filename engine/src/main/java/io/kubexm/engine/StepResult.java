package io.kubexm.engine;

/**
 * The end state of one step instance in a run. {@code changed} says whether the step changed
 * its host, in this attempt or (for a skipped step) in an earlier one; {@code error} is empty
 * unless the step or its rollback failed.
 */
public record StepResult(String id, String module, String task, String step, String host, StepStatus status,
                         boolean changed, long durationMs, String error) {

    static StepResult of(PlanNode node, StepStatus status, boolean changed, long durationMs, String error) {
        return new StepResult(node.id(), node.module(), node.task(), node.step().name(), node.host().name(),
                status, changed, durationMs, error);
    }

    StepResult withStatus(StepStatus newStatus, String newError) {
        return new StepResult(id, module, task, step, host, newStatus, changed, durationMs, newError);
    }
}
