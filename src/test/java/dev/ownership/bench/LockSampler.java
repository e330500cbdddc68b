package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Looks at pg_locks every {@value #PERIOD_MS} ms from its own session and keeps every lock the
 * application was waiting for: how long it had waited (pg_locks.waitstart, PostgreSQL 14+), for which lock, and who
 * blocked it. A second witness beside the writer's own latencies, and the evidence of who made it wait. It also
 * counts the migration's sessions (client backends other than the application's and its own), for their peak.
 */
final class LockSampler implements AutoCloseable {
    static final String SAMPLER = "bench-lock-sampler";
    /**
     * Shorter than the other samplers' period: a statement's waits are told apart by their start, and a wait
     * shorter than the period may go unseen.
     */
    static final long PERIOD_MS = 20;

    /** One application session seen waiting; {@code startedMillis} (epoch) tells one wait of a session from another. */
    record Wait(long atNanos, int pid, String query, String lockType, String mode, String relation, double waitedMillis,
                double startedMillis, String blockers) {
    }

    private static final String QUERY = """
            SELECT a.pid, left(a.query, 60), l.locktype, l.mode, coalesce(l.relation::regclass::text, ''),
                   extract(epoch FROM clock_timestamp() - l.waitstart) * 1000, extract(epoch FROM l.waitstart) * 1000,
                   (SELECT string_agg(b.pid || ' ' || b.application_name || ': ' || left(b.query, 60), '; ')
                      FROM pg_stat_activity b WHERE b.pid = ANY (pg_blocking_pids(a.pid)))
              FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
             WHERE NOT l.granted AND a.datname = current_database() AND a.application_name = ?
            """;

    private static final String SESSIONS = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            + " AND backend_type = 'client backend' AND application_name NOT IN (?, ?)";

    private final List<Wait> waits = new ArrayList<>();
    private final List<long[]> sessions = new ArrayList<>(); // {nanoTime, migration sessions}
    private final SamplingThread thread;

    LockSampler(TestDatabase db) {
        this.thread = new SamplingThread(SAMPLER, PERIOD_MS, db, this::open);
    }

    private SamplingThread.Sample open(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(QUERY);
        PreparedStatement count = c.prepareStatement(SESSIONS);
        ps.setString(1, AppWriter.APPLICATION_NAME);
        count.setString(1, AppWriter.APPLICATION_NAME);
        count.setString(2, SAMPLER);
        return () -> {
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                addSessions(new long[]{System.nanoTime(), rs.getLong(1)});
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    add(new Wait(System.nanoTime(), rs.getInt(1), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getDouble(6), rs.getDouble(7), rs.getString(8)));
                }
            }
        };
    }

    private synchronized void add(Wait w) {
        waits.add(w);
    }

    private synchronized void addSessions(long[] sample) {
        sessions.add(sample);
    }

    /** The most sessions the migration had open at once, as sampled in [from, to]. */
    synchronized long peakSessions(long fromNanos, long toNanos) {
        return sessions.stream().filter(s -> s[0] >= fromNanos && s[0] <= toNanos).mapToLong(s -> s[1]).max()
                .orElse(0);
    }

    synchronized List<Wait> waits() {
        return List.copyOf(waits);
    }

    /** The waits whose sample fell in [from, to]. */
    private Stream<Wait> seen(long fromNanos, long toNanos) {
        return waits().stream().filter(w -> w.atNanos() >= fromNanos && w.atNanos() <= toNanos);
    }

    /** The longest wait seen whose sample fell in [from, to]. */
    Optional<Wait> longest(long fromNanos, long toNanos) {
        return seen(fromNanos, toNanos).max((a, b) -> Double.compare(a.waitedMillis(), b.waitedMillis()));
    }

    /**
     * The lock waits of session {@code pid} seen in [from, to], in the order they began, each at the longest it was
     * seen: short of its whole length by up to a period.
     */
    List<Double> waitsOf(int pid, long fromNanos, long toNanos) {
        Map<Double, Double> byStart = new TreeMap<>();
        seen(fromNanos, toNanos).filter(w -> w.pid() == pid)
                .forEach(w -> byStart.merge(w.startedMillis(), w.waitedMillis(), Math::max));
        return List.copyOf(byStart.values());
    }

    Optional<Wait> longest() {
        return longest(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    @Override
    public void close() {
        thread.close();
    }
}
