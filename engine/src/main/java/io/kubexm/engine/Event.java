package io.kubexm.engine;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * One thing that happened during a run. Fields that do not apply are empty strings (a
 * run-level event has no module, task, step or node); {@code durationMs} is present on events
 * that end something.
 */
public record Event(Instant timestamp, Level level, String run, String pipeline, String module,
                    String task, String step, String node, String message, OptionalLong durationMs) {

    public enum Level { DEBUG, INFO, WARN, ERROR }

    public Event {
        Objects.requireNonNull(timestamp, "timestamp");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(pipeline, "pipeline");
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(durationMs, "durationMs");
    }

    public Event withMessage(String newMessage) {
        return new Event(timestamp, level, run, pipeline, module, task, step, node, newMessage, durationMs);
    }
}
