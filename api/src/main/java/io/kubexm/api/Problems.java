package io.kubexm.api;

import io.kubexm.api.Problem.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Set;
import java.util.List;

/** Collects the problems of one file, so validation can report all of them at once. */
final class Problems {
    private final String file;
    private final List<Problem> list = new ArrayList<>();
    private boolean warningsMuted;
    /** Config paths (spec.hosts[3].port) whose value could not be bound: defaults stand in for them. */
    private final Set<String> unbound = new HashSet<>();

    Problems(String file) {
        this.file = file;
    }

    void error(YamlNode.Mark at, String message, String hint) {
        list.add(new Problem(Severity.ERROR, file, at.line(), at.column(), message, hint));
    }

    /** An error binding the value at {@code path}; warnings that depend on it are dropped after muting. */
    void error(String path, YamlNode.Mark at, String message, String hint) {
        unbound.add(path);
        error(at, message, hint);
    }

    /**
     * After type errors, rules judge defaults standing in for the wrong values: their errors still
     * hold, but their advice (say, "host has no role" when its role group was mistyped) would mislead.
     */
    void muteWarnings() {
        warningsMuted = true;
    }

    void warning(YamlNode.Mark at, String message, String hint) {
        warning(at, message, hint, List.of());
    }

    /**
     * A warning computed only from the config paths {@code dependsOn} ({@code [*]} for any list index): muting
     * drops it only when one of those, something under it or above it could not be bound. With no paths given,
     * any binding error drops it.
     */
    void warning(YamlNode.Mark at, String message, String hint, List<String> dependsOn) {
        // Built even when muted, so a warning without a hint fails every time, not only in files without errors.
        Problem warning = new Problem(Severity.WARNING, file, at.line(), at.column(), message, hint);
        boolean affected = dependsOn.isEmpty() || unbound.stream().map(p -> p.replaceAll("\\[[0-9]+]", "[*]"))
                .anyMatch(p -> dependsOn.stream().anyMatch(d -> within(p, d) || within(d, p)));
        if (!warningsMuted || !affected) {
            list.add(warning);
        }
    }

    private static boolean within(String path, String ancestor) {
        return path.equals(ancestor) || path.startsWith(ancestor + ".") || path.startsWith(ancestor + "[");
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
