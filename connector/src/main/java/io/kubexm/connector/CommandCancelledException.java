package io.kubexm.connector;

/**
 * The thread running a command was interrupted (a step timeout or an abort); the command's
 * processes on the node were stopped, or the message says they could not be.
 */
public final class CommandCancelledException extends ConnectorException {
    public CommandCancelledException(String message) {
        super(message);
    }
}
