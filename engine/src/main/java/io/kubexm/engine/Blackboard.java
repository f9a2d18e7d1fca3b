package io.kubexm.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The run's produced values, by key name. */
final class Blackboard {
    private final Map<String, Object> values = new ConcurrentHashMap<>();

    <T> Optional<T> find(Key<T> key) {
        return Optional.ofNullable(values.get(key.name())).map(key.type()::cast);
    }

    <T> void put(Key<T> key, T value) {
        values.put(key.name(), key.type().cast(java.util.Objects.requireNonNull(value, key.name())));
    }

    boolean has(Key<?> key) {
        return values.containsKey(key.name());
    }

    void putRaw(String name, Object value) {
        values.put(name, value);
    }
}
