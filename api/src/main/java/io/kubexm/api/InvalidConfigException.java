package io.kubexm.api;

import java.util.List;
import java.util.stream.Collectors;

/** A cluster.yaml with errors; the message lists each as {@code FILE:LINE:COLUMN: error: ...} with its hint. */
public final class InvalidConfigException extends RuntimeException {
    private final transient List<Problem> problems;

    public InvalidConfigException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
