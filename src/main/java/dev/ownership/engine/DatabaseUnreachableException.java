package dev.ownership.engine;

/** No session could be opened: wrong address, server down, bad credentials. Retrying may help. */
public class DatabaseUnreachableException extends MigrationException {
    public DatabaseUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
