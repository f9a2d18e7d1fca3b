package io.kubexm.connector;

/** The connection to a node went away under a command; idempotent work is retried on a new one. */
final class ConnectionDroppedException extends ConnectorException {
    ConnectionDroppedException(String message, Throwable cause) {
        super(message, cause);
    }
}
