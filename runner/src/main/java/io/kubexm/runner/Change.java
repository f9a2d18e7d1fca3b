package io.kubexm.runner;

/** Whether an operation changed the node; a second run of a converged step reports UNCHANGED. */
public enum Change {
    CHANGED,
    UNCHANGED;

    public static Change of(boolean changed) {
        return changed ? CHANGED : UNCHANGED;
    }

    public boolean changed() {
        return this == CHANGED;
    }

    /** CHANGED if either changed. */
    public Change and(Change other) {
        return of(changed() || other.changed());
    }
}
