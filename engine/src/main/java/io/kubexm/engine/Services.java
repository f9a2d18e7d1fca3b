package io.kubexm.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The services attached to one host for one run. Each service is created on first use
 * (so a host whose steps are all skipped never opens a connection) and closed at the end
 * of the run when it is {@link AutoCloseable}. Thread-safe.
 */
public final class Services implements AutoCloseable {
    private final Map<ServiceKey<?>, Supplier<?>> factories;
    private final Map<ServiceKey<?>, Object> created = new LinkedHashMap<>();

    private Services(Map<ServiceKey<?>, Supplier<?>> factories) {
        this.factories = Map.copyOf(factories);
    }

    public static Services none() {
        return new Services(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The service under {@code key}, created now if this is its first use. */
    public synchronized <T> Optional<T> find(ServiceKey<T> key) {
        Object existing = created.get(key);
        if (existing == null) {
            Supplier<?> factory = factories.get(key);
            if (factory == null) {
                return Optional.empty();
            }
            existing = factory.get();
            created.put(key, existing);
        }
        return Optional.of(key.type().cast(existing));
    }

    /** Closes the services created so far, newest first; throws when one could not be closed. */
    @Override
    public synchronized void close() {
        List<Object> open = new ArrayList<>(created.values());
        created.clear();
        IllegalStateException failure = null;
        for (int i = open.size() - 1; i >= 0; i--) {
            if (open.get(i) instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    if (failure == null) {
                        failure = new IllegalStateException("closing " + c + " failed: " + Executor.describe(e), e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    public static final class Builder {
        private final Map<ServiceKey<?>, Supplier<?>> factories = new LinkedHashMap<>();

        public <T> Builder add(ServiceKey<T> key, Supplier<? extends T> factory) {
            factories.put(key, factory);
            return this;
        }

        public Services build() {
            return new Services(factories);
        }
    }
}
