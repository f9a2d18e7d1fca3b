package io.kubexm.cli;

/** The user's input (options, their combination, a run id) is wrong: exit 2, the message says what to change. */
final class InvalidInputException extends RuntimeException {
    InvalidInputException(String message) {
        super(message);
    }

    InvalidInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
