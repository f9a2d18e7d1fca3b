package io.kubexm.runner;

/** A host operation failed; the message names the node, what failed and what to do. */
public class RunnerException extends RuntimeException {
    public RunnerException(String message) {
        super(message);
    }
}
