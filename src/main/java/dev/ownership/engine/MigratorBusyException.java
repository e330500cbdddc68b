package dev.ownership.engine;

/**
 * Another migrator holds this database's lock: a matter of time (the other run ends, or the session of a
 * killed pod goes), so unlike a failed preflight it is worth another try.
 */
public class MigratorBusyException extends MigrationException {
    public MigratorBusyException(String message) {
        super(message);
    }
}
