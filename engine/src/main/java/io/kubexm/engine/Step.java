package io.kubexm.engine;

import java.time.Duration;
import java.util.Set;

/**
 * The smallest unit of work, on one host. The executor runs {@link #check} first: when it
 * reports the desired state, nothing else runs and the step is "unchanged". Otherwise it runs
 * {@link #apply} and then {@link #verify}. The three together form one attempt, bounded by
 * {@link #timeout()} and repeated according to {@link #retry()}. A step that can be undone
 * implements {@link Reversible}.
 *
 * <p>Steps produce and consume typed values through the run's blackboard; every key a step
 * reads must be in {@link #consumes()} and every key it writes in {@link #produces()}. A step
 * that produces keys must put them whether it changed something or not (compute them in
 * {@code check} when already converged).
 */
public interface Step {

    /** Short, stable name, unique within its task (for example {@code render-etcd-unit}). */
    String name();

    /** One line for plans: what this step does to the host (a path, a unit, a package list). */
    default String describe() {
        return "";
    }

    default Set<Key<?>> produces() {
        return Set.of();
    }

    default Set<Key<?>> consumes() {
        return Set.of();
    }

    /** Bound on one attempt; when it expires the work is cancelled and interrupted. */
    default Duration timeout() {
        return Duration.ofMinutes(10);
    }

    default Retry retry() {
        return Retry.NONE;
    }

    /**
     * Everything that determines what this step does, hashed (with the values of the consumed
     * keys) to decide whether a resumed run may skip it. The default is the step itself: a record
     * of plain data is hashed by its JSON, secrets by value (never written anywhere); a step
     * that holds something not serializable is hashed by {@code toString()}, which for a
     * non-record is different in every process, so such a step is never skipped unless it
     * returns a record of its inputs here. Sets are hashed in a canonical order.
     */
    default Object inputs() {
        return this;
    }

    /** Read-only: is the host already in the state this step would produce? */
    boolean check(StepContext ctx) throws Exception;

    void apply(StepContext ctx) throws Exception;

    /**
     * Post-condition after {@link #apply}; throw when it does not hold. The default runs
     * {@link #check} again, which must now report the desired state.
     */
    default void verify(StepContext ctx) throws Exception {
        if (!check(ctx)) {
            throw new IllegalStateException("after apply, the check of step '" + name()
                    + "' still reports that the host is not in the desired state");
        }
    }
}
