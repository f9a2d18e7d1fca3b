package io.kubexm.engine;

import java.time.Duration;

/**
 * How often a step's attempt (check, apply, verify) is tried before the step fails, and how
 * long to wait between attempts: {@code backoff}, then multiplied by {@code factor} after each
 * failure, capped at {@code maxBackoff}. Only declare retries for work that is safe to repeat.
 */
public record Retry(int attempts, Duration backoff, double factor, Duration maxBackoff) {
    public static final Retry NONE = new Retry(1, Duration.ZERO, 1, Duration.ZERO);

    public Retry {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be >= 1, was " + attempts);
        }
        if (backoff.isNegative() || maxBackoff.isNegative() || factor < 1) {
            throw new IllegalArgumentException("backoff must be >= 0 and factor >= 1");
        }
    }

    /** {@code attempts} tries, waiting {@code backoff}, then twice as long each time, at most a minute. */
    public static Retry times(int attempts, Duration backoff) {
        Duration minute = Duration.ofMinutes(1);
        return new Retry(attempts, backoff, 2, backoff.compareTo(minute) > 0 ? backoff : minute);
    }

    /** The wait after failed attempt number {@code failedAttempt} (1-based). */
    public Duration delayAfter(int failedAttempt) {
        double millis = backoff.toMillis() * Math.pow(factor, failedAttempt - 1);
        return Duration.ofMillis((long) Math.min(millis, maxBackoff.toMillis()));
    }
}
