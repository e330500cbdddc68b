package dev.ownership.engine;

import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** A session-level advisory lock: one migrator per database at a time. Released with the session too. */
final class MigratorLock implements AutoCloseable {
    /** "ownershp" in ASCII; advisory locks are scoped to the current database. */
    static final long KEY = 0x6f776e6572736870L;

    private final Connection connection;

    private MigratorLock(Connection connection) {
        this.connection = connection;
    }

    static MigratorLock acquire(Connection c) throws SQLException {
        boolean got = Jdbc.one(c, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), KEY).orElse(false);
        if (!got) {
            List<Integer> holders = Jdbc.list(c, "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
                    + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
                    + " AND ((classid::bigint << 32) | objid::bigint) = ?", rs -> rs.getInt(1), KEY);
            throw new MigratorBusyException("Another migrator is working on this database (session " + holders
                    + "); nothing was changed; try again when it has finished.");
        }
        return new MigratorLock(c);
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            Jdbc.one(connection, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), KEY);
        }
    }
}
