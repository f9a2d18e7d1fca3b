package io.kubexm.ops;

/** A step found the node or the bundle not as it must be; the message says where and what to do. */
public class OpsException extends RuntimeException {
    public OpsException(String message) {
        super(message);
    }

    public OpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
