package dev.ownership.engine.backfill;

import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The application transactions a batch held up, and waiting for them to end. A transaction that waited for one
 * batch (a cascading delete, say) goes on to rows further along the walk; were the next batch to lock those first,
 * it would wait again, and its waits would add up batch after batch. Transactions are named by their virtual
 * transaction id, which pg_locks shows to every role, and which a transaction holds a lock on until it ends.
 */
final class HeldTransactions {
    /** Run in the batch's transaction before it commits, while they still wait. */
    static final String WAITING = "SELECT DISTINCT virtualtransaction FROM pg_locks WHERE NOT granted"
            + " AND pg_backend_pid() = ANY (pg_blocking_pids(pid))";
    static final String OPEN = "SELECT count(*) FROM pg_locks WHERE locktype = 'virtualxid' AND granted"
            + " AND virtualxid = ANY (?)";
    static final Duration POLL = Duration.ofMillis(5);

    private HeldTransactions() {
    }

    /** The transactions now waiting for a lock this session holds. */
    static List<String> waiting(Connection c) throws SQLException {
        return Jdbc.list(c, WAITING, rs -> rs.getString(1));
    }

    /**
     * Returns once none of {@code held} is open any more, {@code atMost} has passed (a transaction that stays open
     * must not stall the backfill), or the run stops.
     */
    static void awaitEnd(Connection c, List<String> held, Duration atMost, BooleanSupplier stopped)
            throws SQLException {
        if (held.isEmpty()) {
            return;
        }
        Object ids = c.createArrayOf("text", held.toArray());
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!stopped.getAsBoolean() && System.nanoTime() < deadline && Jdbc.count(c, OPEN, ids) > 0) {
            LockSupport.parkNanos(POLL.toNanos());
        }
    }
}
