package io.kubexm.engine;

/** Receives a run's events. Implementations are called from many threads. */
public interface EventSink extends AutoCloseable {
    void emit(Event event);

    @Override
    default void close() {
    }
}
