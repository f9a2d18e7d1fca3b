package io.kubexm.engine;

/** What became of a step instance in a run (and the status of a row in the state database). */
public enum StepStatus {
    /** Started and not finished: it is running, or the run was killed during it. */
    RUNNING,
    /** Applied and verified. */
    CHANGED,
    /** Its check found the host already in the desired state. */
    UNCHANGED,
    /** A resumed run found it done with the same inputs in an earlier attempt. */
    SKIPPED,
    /** Dry run: its check found work to do. */
    WOULD_CHANGE,
    /** Dry run: it consumes a value an earlier step would only produce by changing something. */
    WOULD_RUN,
    FAILED,
    /** Not started because the run stopped first. */
    NOT_RUN,
    /** Applied, then undone because its task failed. */
    ROLLED_BACK,
    ROLLBACK_FAILED;

    /** Done in a way a resumed run may skip. */
    public boolean completed() {
        return this == CHANGED || this == UNCHANGED || this == SKIPPED;
    }
}
