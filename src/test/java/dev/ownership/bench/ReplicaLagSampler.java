package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The streaming replica's lag as the primary sees it in pg_stat_replication, every
 * {@value SamplingThread#PERIOD_MS} ms: replay_lag and replay_lsn beside the primary's current WAL position. These
 * are what execution.maxReplicaLag throttles on. Both come from the standby's last status report (it reports when
 * it receives WAL, and at least every wal_receiver_status_interval), and replay_lag is the lag of the position it
 * last replayed: it shows the lag of WAL written during a stretch only once the standby gets there, often after the
 * stretch. So a stretch's figures are those of its WAL, followed until the standby has replayed it all.
 */
final class ReplicaLagSampler implements AutoCloseable {
    static final String SAMPLER = "bench-replica-lag-sampler";

    /** The replica furthest behind (there is one); positions as bytes since 0/0. */
    private static final String QUERY = "SELECT extract(epoch FROM replay_lag),"
            + " pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint, pg_wal_lsn_diff(replay_lsn, '0/0')::bigint"
            + " FROM pg_stat_replication WHERE replay_lsn IS NOT NULL ORDER BY replay_lsn LIMIT 1";

    /** One look; seconds is NaN while replay_lag is NULL. */
    private record Sample(long atNanos, double seconds, long currentLsn, long replayLsn) {
    }

    /**
     * How far behind the replica was with the WAL of a stretch.
     *
     * @param maxSeconds  the longest replay_lag reported for a position in the stretch's WAL
     * @param maxBytes    the most WAL of the stretch written and not yet replayed
     * @param samples     samples from the stretch's start until the standby had replayed its WAL
     * @param withoutTime those with replay_lag NULL (the standby idle and caught up)
     */
    record Lag(double maxSeconds, long maxBytes, int samples, int withoutTime) {
    }

    /** Of the backfill (the engine's backfill steps or the naive UPDATE; none for the baseline) and the migration. */
    record Figures(Lag backfill, Lag migration) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final SamplingThread thread;

    /** @param db a database of the primary other than the migrated one, so its session is not the migration's */
    ReplicaLagSampler(TestDatabase db) {
        this.thread = new SamplingThread(SAMPLER, SamplingThread.PERIOD_MS, db, this::open);
    }

    private SamplingThread.Sample open(Connection c) throws SQLException {
        PreparedStatement ps = c.prepareStatement(QUERY);
        return () -> {
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    double seconds = rs.getDouble(1);
                    add(new Sample(System.nanoTime(), rs.wasNull() ? Double.NaN : seconds, rs.getLong(2),
                            rs.getLong(3)));
                }
            }
        };
    }

    private synchronized void add(Sample s) {
        samples.add(s);
    }

    /**
     * The lag of the WAL written in [from, to]: its positions are the primary's at the last sample before
     * {@code from} and at the first after {@code to}; the samples looked at run from {@code from} to the first
     * that shows it replayed. Close the sampler once the standby has caught up, so that one exists.
     */
    synchronized Lag lag(long fromNanos, long toNanos) {
        long fromLsn = samples.stream().filter(s -> s.atNanos() <= fromNanos).reduce((a, b) -> b)
                .or(() -> samples.stream().findFirst()).map(Sample::currentLsn).orElse(0L);
        long toLsn = samples.stream().filter(s -> s.atNanos() >= toNanos).findFirst()
                .or(() -> samples.stream().reduce((a, b) -> b)).map(Sample::currentLsn).orElse(0L);
        List<Sample> span = new ArrayList<>();
        for (Sample s : samples) {
            if (s.atNanos() >= fromNanos) {
                span.add(s);
                if (s.replayLsn() >= toLsn) {
                    break;
                }
            }
        }
        double seconds = span.stream().filter(s -> s.replayLsn() > fromLsn).mapToDouble(Sample::seconds)
                .filter(v -> !Double.isNaN(v)).max().orElse(0);
        long bytes = span.stream().mapToLong(s -> Math.min(s.currentLsn(), toLsn) - s.replayLsn()).max().orElse(0);
        return new Lag(seconds, Math.max(0, bytes), span.size(),
                (int) span.stream().filter(s -> Double.isNaN(s.seconds())).count());
    }

    Figures figures(Migration.Outcome outcome) {
        List<Migration.Phase> backfill = outcome.phases().stream().filter(Migration.Phase::backfill).toList();
        return new Figures(backfill.isEmpty() ? new Lag(0, 0, 0, 0) : lag(backfill.get(0).startNanos(),
                backfill.get(backfill.size() - 1).endNanos()), lag(outcome.startNanos(), outcome.endNanos()));
    }

    @Override
    public void close() {
        thread.close();
    }
}
