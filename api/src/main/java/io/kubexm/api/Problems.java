package io.kubexm.api;

import io.kubexm.api.Problem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects the problems of one file, so validation can report all of them at once. */
final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private boolean warningsMuted;

    Problems(String file) {
        this.file = file;
    }

    void error(YamlNode.Mark at, String message, String hint) {
        list.add(new Problem(Severity.ERROR, file, at.line(), at.column(), message, hint));
    }

    /**
     * After type errors, rules judge defaults standing in for the wrong values: their errors still
     * hold, but their advice (say, "host has no role" when its role group was mistyped) would mislead.
     */
    void muteWarnings() {
        warningsMuted = true;
    }

    void warning(YamlNode.Mark at, String message, String hint) {
        // Built even when muted, so a warning without a hint fails every time, not only in files without errors.
        Problem warning = new Problem(Severity.WARNING, file, at.line(), at.column(), message, hint);
        if (!warningsMuted) {
            list.add(warning);
        }
    }

    int size() {
        return list.size();
    }

    boolean hasErrors() {
        return list.stream().anyMatch(Problem::isError);
    }

    /** In file order, so the output reads top to bottom. */
    List<Problem> sorted() {
        return list.stream()
                .sorted(Comparator.comparingInt(Problem::line).thenComparingInt(Problem::column))
                .toList();
    }
}
