package io.kubexm.engine;

import java.util.List;

/** A pipeline yielded a plan that cannot run; {@link #problems()} lists every reason at once. */
public final class PlanException extends RuntimeException {
    private final List<String> problems;

    PlanException(String pipeline, List<String> problems) {
        super("pipeline '" + pipeline + "' cannot be planned:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
