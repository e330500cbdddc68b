package dev.ownership.engine.step;

import dev.ownership.engine.LockTimeoutException;
import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.SessionInfo;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Runs statements under a {@link LockWait} and retries those that timed out on a lock or deadlocked, with
 * exponential backoff and jitter, a bounded number of times. A DDL statement waiting for its lock makes
 * every later query on the table queue behind it, so it must never wait long.
 */
public class LockingExecutor {
    static final String LOCK_NOT_AVAILABLE = "55P03";
    static final String DEADLOCK = "40P01";
    static final String CANCELED = "57014";
    private static final long BACKOFF_BASE_MS = 100;
    private static final long BACKOFF_MAX_MS = 5_000;

    private final Connection connection;
    private final Catalog catalog;
    private final int retries;
    private final MigrationListener listener;
    private int retried;
    private long lockWaitMillis;
    /** The bound the session has, so a batch loop does not set it again for every batch. */
    private LockWait current;

    public LockingExecutor(Connection connection, Catalog catalog, int retries, MigrationListener listener) {
        this.connection = connection;
        this.catalog = catalog;
        this.retries = retries;
        this.listener = listener;
    }

    /** Work that is retried as a whole; runs in autocommit unless it opens a transaction itself. */
    @FunctionalInterface
    public interface Attempt<T> {
        T run() throws SQLException;
    }

    /** Before a retry: repair what the failed attempt left, such as an invalid index. */
    @FunctionalInterface
    public interface Repair {
        void run() throws SQLException;
    }

    /** Each statement alone, in autocommit (CREATE INDEX CONCURRENTLY cannot run in a transaction). */
    public void execute(LockWait wait, List<TableInfo> tables, String... statements) throws SQLException {
        for (String sql : statements) {
            run(wait, tables, () -> {
                Jdbc.execute(connection, sql);
                return null;
            }, () -> { });
        }
    }

    /**
     * All statements in one transaction: they take effect together or not at all. A whole-statement bound holds
     * for each statement: the steps' groups lock their tables in one of them, so the others do not wait.
     */
    public void executeAtomically(LockWait wait, List<TableInfo> tables, String... statements)
            throws SQLException {
        run(wait, tables, () -> Jdbc.inTransaction(connection, () -> {
            for (String sql : statements) {
                Jdbc.execute(connection, sql);
            }
            return null;
        }), () -> { });
    }

    public <T> T run(LockWait wait, List<TableInfo> tables, Attempt<T> attempt, Repair repair)
            throws SQLException {
        bound(wait);
        T result;
        try {
            result = attempts(wait, tables, attempt, repair);
        } catch (SQLException | RuntimeException e) {
            try {
                unbound(wait);
            } catch (SQLException reset) {
                e.addSuppressed(reset);
            }
            throw e;
        }
        unbound(wait);
        return result;
    }

    /** The session's catalog reads, ledger writes and counts must not inherit a statement bound. */
    private void unbound(LockWait wait) throws SQLException {
        if (wait.wholeStatement() && !connection.isClosed()) {
            bound(LockWait.eachLock(wait.timeout()));
        }
    }

    private <T> T attempts(LockWait wait, List<TableInfo> tables, Attempt<T> attempt, Repair repair)
            throws SQLException {
        for (int i = 0; ; i++) {
            long started = System.nanoTime();
            try {
                return attempt.run();
            } catch (SQLException e) {
                long millis = (System.nanoTime() - started) / 1_000_000;
                if (!retryable(e, wait, millis)) {
                    throw e;
                }
                lockWaitMillis += millis;
                if (i >= retries) {
                    unbound(wait);
                    throw exhausted(wait, tables, i + 1);
                }
                retried++;
                listener.lockRetry(describe(tables), i + 1, retries);
                sleep(backoff(i));
                repair.run();
                bound(wait); // a repair may have run under a bound of its own
            }
        }
    }

    private void bound(LockWait wait) throws SQLException {
        if (!wait.equals(current)) {
            Jdbc.execute(connection, wait.sql());
            // a SET inside a transaction goes with its rollback: only one made in autocommit is known to stay
            current = connection.getAutoCommit() ? wait : null;
        }
    }

    /**
     * A lock that timed out, a deadlock, or a whole-statement bound that ran out (statement_timeout; a cancel that
     * came sooner is somebody's pg_cancel_backend, and is not retried).
     */
    static boolean retryable(SQLException e, LockWait wait, long millis) {
        return LOCK_NOT_AVAILABLE.equals(e.getSQLState()) || DEADLOCK.equals(e.getSQLState())
                || (CANCELED.equals(e.getSQLState()) && wait.wholeStatement() && millis >= wait.timeout().toMillis());
    }

    /** Exponential backoff with full jitter: spreads retries so they do not line up with the blocker. */
    static long backoff(int attempt) {
        long cap = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS << Math.min(attempt, 16));
        return cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    }

    private LockTimeoutException exhausted(LockWait wait, List<TableInfo> tables, int attempts)
            throws SQLException {
        List<SessionInfo> holders = catalog.lockHolders(tables.stream().mapToLong(TableInfo::oid).toArray());
        String who = holders.isEmpty() ? "no session holds a lock on them any more" + (wait.wholeStatement()
                ? " (the statement itself may need longer, on a table of many partitions: raise lockTimeout)" : "")
                : "blocking sessions: " + holders.stream().map(SessionInfo::describe).collect(Collectors.joining("; "));
        return new LockTimeoutException("Could not lock " + describe(tables)
                + (wait.wholeStatement() ? " and finish" : "") + " within " + wait.timeout().toMillis()
                + " ms in " + attempts + " attempts; " + who + ".",
                holders.stream().mapToInt(SessionInfo::pid).toArray());
    }

    private static String describe(List<TableInfo> tables) {
        return tables.stream().map(TableInfo::toString).collect(Collectors.joining(" and "));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry", e);
        }
    }

    /** Retries since the last call, and milliseconds spent in lock waits that failed. */
    public int[] takeStats() {
        int[] stats = {retried, (int) Math.min(Integer.MAX_VALUE, lockWaitMillis)};
        retried = 0;
        lockWaitMillis = 0;
        return stats;
    }

    /** Adds what another session's executor did for the same step (parallel backfill). */
    public void addStats(int[] stats) {
        retried += stats[0];
        lockWaitMillis += stats[1];
    }

}
