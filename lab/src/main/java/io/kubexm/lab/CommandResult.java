package io.kubexm.lab;

import java.util.List;

/** Outcome of one command: its exit code and both output streams, kept apart. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {
    public CommandResult {
        command = List.copyOf(command);
    }

    public boolean ok() {
        return exitCode == 0;
    }

    /** stderr, or stdout when stderr is empty: what a failure message should quote. */
    public String diagnostic() {
        String text = stderr.isBlank() ? stdout : stderr;
        return text.strip();
    }
}
