package dev.ownership.engine;

/** A failure the user can act on; its message is meant to be printed as it is. */
public class MigrationException extends RuntimeException {
    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
