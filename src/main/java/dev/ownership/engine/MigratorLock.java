package dev.ownership.engine;

import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A session-level advisory lock: one migrator per database at a time. Released with the session too. Waiting
 * polls pg_try_advisory_lock rather than blocking in pg_advisory_lock, so the waiter can say who holds it and
 * give up at its limit.
 */
final class MigratorLock implements AutoCloseable {
    /** "ownershp" in ASCII; advisory locks are scoped to the current database. */
    static final long KEY = 0x6f776e6572736870L;
    /** Polls 2 to 3 s apart: jittered, so waiting migrators do not poll in step. */
    private static final long POLL_MS = 2_000;

    private final Connection connection;

    private MigratorLock(Connection connection) {
        this.connection = connection;
    }

    /**
     * @param wait how long to wait for another migrator: zero fails at once,
     *             {@link OwnershipEngine#LOCK_WAIT_FOREVER} never gives up
     */
    static MigratorLock acquire(Connection c, Duration wait, MigrationListener listener) throws SQLException {
        long started = System.nanoTime();
        while (!tryLock(c)) {
            String holders = holders(c);
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (waited.compareTo(wait) >= 0) {
                throw new MigratorBusyException("Another migrator is working on this database (" + holders + ")"
                        + (wait.isZero() ? "" : " and still was after waiting " + wait.toSeconds() + " s")
                        + "; nothing was changed; try again when it has finished.");
            }
            listener.waitingForMigratorLock(holders);
            Duration poll = Duration.ofMillis(POLL_MS + ThreadLocalRandom.current().nextLong(POLL_MS / 2));
            Duration left = wait.minus(waited);
            sleep((left.compareTo(poll) < 0 ? left : poll).toMillis() + 1);
        }
        listener.migratorLockTaken();
        return new MigratorLock(c);
    }

    private static boolean tryLock(Connection c) throws SQLException {
        return Jdbc.one(c, "SELECT pg_try_advisory_lock(?)", rs -> rs.getBoolean(1), KEY).orElse(false);
    }

    /** Who holds it: pid, application and since when, never what it runs. */
    private static String holders(Connection c) throws SQLException {
        List<String> sessions = Jdbc.list(c, """
                SELECT l.pid, a.application_name, to_char(a.backend_start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
                  FROM pg_locks l LEFT JOIN pg_stat_activity a ON a.pid = l.pid
                 WHERE l.locktype = 'advisory' AND l.granted
                   AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
                   AND ((l.classid::bigint << 32) | l.objid::bigint) = ?""",
                rs -> "session " + rs.getInt(1) + (rs.getString(2) == null || rs.getString(2).isEmpty() ? ""
                        : ", application " + rs.getString(2)) + (rs.getString(3) == null ? ""
                        : ", connected since " + rs.getString(3)), KEY);
        return sessions.isEmpty() ? "a session that has just let go of it" : String.join("; ", sessions);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MigratorBusyException("Interrupted while waiting for the migrator lock; nothing was changed.");
        }
    }

    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            Jdbc.one(connection, "SELECT pg_advisory_unlock(?)", rs -> rs.getBoolean(1), KEY);
        }
    }
}
