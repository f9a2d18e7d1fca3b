package io.kubexm.engine;

import java.util.Objects;

/**
 * A typed slot on the run's blackboard ({@code Key<JoinToken>}). Keys are identified by
 * name; a step declares the keys it produces and consumes, and the planner orders each
 * consumer after the single producer of its key. Values are persisted with the step's
 * checkpoint (as JSON), so the type must be JSON-serializable (records are).
 */
public record Key<T>(String name, Class<T> type) {
    public Key {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a key needs a name");
        }
    }

    public static <T> Key<T> of(String name, Class<T> type) {
        return new Key<>(name, type);
    }

    @Override
    public String toString() {
        return name;
    }
}
