package io.kubexm.connector;

/**
 * A connection, command or transfer failed. The message names the node and says what to do;
 * it never contains a password, passphrase or key.
 */
public class ConnectorException extends RuntimeException {
    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
