package io.kubexm.connector;

/** What a command printed and how it exited; stdout and stderr are kept apart. */
public record ExecResult(int exitCode, String stdout, String stderr) {
    public boolean ok() {
        return exitCode == 0;
    }
}
