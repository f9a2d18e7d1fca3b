package io.kubexm.connector;

import java.time.Duration;
import java.util.Objects;

/**
 * A shell script to run on a node. {@code sudo} runs it as root (no-op for root);
 * {@code timeout} kills the script and everything it started when exceeded;
 * {@code idempotent} allows a transparent retry over a fresh connection when the old one dropped.
 */
public record Command(String script, boolean sudo, Duration timeout, boolean idempotent) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);

    public Command {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /** A command run as the login user, not retried, with the default timeout. */
    public static Command of(String script) {
        return new Command(script, false, DEFAULT_TIMEOUT, false);
    }

    /** A command run as root (through sudo for other users). */
    public static Command sudo(String script) {
        return new Command(script, true, DEFAULT_TIMEOUT, false);
    }

    public Command withTimeout(Duration newTimeout) {
        return new Command(script, sudo, newTimeout, idempotent);
    }

    public Command asSudo() {
        return new Command(script, true, timeout, idempotent);
    }

    /** Marks the command safe to run again from the start when the connection dropped under it. */
    public Command asIdempotent() {
        return new Command(script, sudo, timeout, true);
    }
}
