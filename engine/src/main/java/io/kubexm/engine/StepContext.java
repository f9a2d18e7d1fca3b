package io.kubexm.engine;

import java.util.Optional;

/**
 * What a step sees while it runs: its host, the run's blackboard (limited to the keys the step
 * declared), the services the layer above attached to the host, the cancellation of the
 * current attempt, and an event sink for messages of its own.
 */
public final class StepContext {
    private final Executor.Execution execution;
    private final PlanNode node;
    private final Cancellation cancellation;

    StepContext(Executor.Execution execution, PlanNode node, Cancellation cancellation) {
        this.execution = execution;
        this.node = node;
        this.cancellation = cancellation;
    }

    public Host host() {
        return node.host();
    }

    public String runId() {
        return execution.runId();
    }

    /** True in a dry run, where only {@link Step#check} is called. */
    public boolean dryRun() {
        return execution.dryRun();
    }

    public Cancellation cancellation() {
        return cancellation;
    }

    /** The value of a key this step consumes; its producer has finished before this step started. */
    public <T> T get(Key<T> key) {
        if (!node.step().consumes().contains(key)) {
            throw new IllegalStateException("step '" + node.id() + "' reads key '" + key.name()
                    + "' without declaring it in consumes(); declare it so the planner orders it after its producer");
        }
        return execution.blackboard().find(key).orElseThrow(() -> new IllegalStateException(
                "step '" + node.id() + "' needs key '" + key.name() + "', which has no value in run " + runId()));
    }

    /** Publishes a value of a key this step produces. */
    public <T> void put(Key<T> key, T value) {
        if (!node.step().produces().contains(key)) {
            throw new IllegalStateException("step '" + node.id() + "' writes key '" + key.name()
                    + "' without declaring it in produces()");
        }
        execution.blackboard().put(key, value);
    }

    /** The service the layer above attached to this step's host under {@code key}. */
    public <T> T service(ServiceKey<T> key) {
        return findService(key).orElseThrow(() -> new IllegalStateException("step '" + node.id() + "' needs service '"
                + key.name() + "', but none is attached to host '" + host().name() + "'"));
    }

    public <T> Optional<T> findService(ServiceKey<T> key) {
        return execution.services(host()).find(key);
    }

    public void info(String message) {
        execution.stepEvent(node, Event.Level.INFO, message, java.util.OptionalLong.empty());
    }

    public void warn(String message) {
        execution.stepEvent(node, Event.Level.WARN, message, java.util.OptionalLong.empty());
    }
}
