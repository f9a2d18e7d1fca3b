package io.kubexm.lab;

/** A lab operation failed; the message names the lab, the node, the step and what to do. */
public final class LabException extends RuntimeException {
    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
