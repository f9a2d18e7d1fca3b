package io.kubexm.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/**
 * Tells a step's work that it must stop (its timeout expired). The engine also interrupts
 * the step's thread; work that does not react to interrupts (a remote command on an SSH
 * channel) registers a callback with {@link #onCancel(Runnable)} that aborts it.
 */
public final class Cancellation {
    private final List<Runnable> callbacks = new ArrayList<>();
    private boolean cancelled;
    private String reason = "";

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public void throwIfCancelled() {
        synchronized (this) {
            if (cancelled) {
                throw new CancellationException(reason);
            }
        }
    }

    /** Runs {@code callback} on cancellation, at once when already cancelled. */
    public void onCancel(Runnable callback) {
        synchronized (this) {
            if (!cancelled) {
                callbacks.add(callback);
                return;
            }
        }
        callback.run();
    }

    void cancel(String why) {
        List<Runnable> toRun;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            cancelled = true;
            reason = why;
            toRun = List.copyOf(callbacks);
            callbacks.clear();
        }
        toRun.forEach(Runnable::run);
    }
}
