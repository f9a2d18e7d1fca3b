package io.kubexm.api;

/**
 * One thing wrong with a cluster.yaml, at the place it was written. {@link #toString()} is
 * {@code FILE:LINE:COLUMN: error: message}, then the hint on its own indented line. Every problem says what
 * to do about it, so the hint is required.
 */
public record Problem(Severity severity, String file, int line, int column, String message, String hint) {

    public Problem {
        if (hint.isBlank()) {
            throw new IllegalArgumentException("a problem needs a hint saying what to do: " + message);
        }
    }

    public enum Severity {
        ERROR, WARNING;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        String head = file + ":" + line + ":" + column + ": " + severity + ": " + message;
        return head + "\n    hint: " + hint;
    }
}
