package io.kubexm.lab.junit;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition on lab nodes (a VIP moving, a node booting) without a fixed sleep. */
public final class Eventually {
    private Eventually() {
    }

    /** Polls {@code condition} every 300 ms; fails naming {@code what} when it is still false after {@code timeout}. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for: " + what);
            }
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
