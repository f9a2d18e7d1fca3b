package io.kubexm.engine;

import java.util.Objects;

/**
 * Names a per-host service (a runner, a file transfer, ...) that the layer above attaches to
 * each host through {@link Services}. The engine never knows the service types; it only
 * hands a step the instance registered under the key for the step's host.
 */
public record ServiceKey<T>(String name, Class<T> type) {
    public ServiceKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
    }

    public static <T> ServiceKey<T> of(String name, Class<T> type) {
        return new ServiceKey<>(name, type);
    }

    @Override
    public String toString() {
        return name;
    }
}
