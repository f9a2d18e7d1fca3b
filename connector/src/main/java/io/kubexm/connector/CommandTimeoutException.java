package io.kubexm.connector;

/** A command ran past its timeout and was killed together with the processes it started. */
public final class CommandTimeoutException extends ConnectorException {
    public CommandTimeoutException(String message) {
        super(message);
    }
}
