package dev.ownership.engine.backfill;

import dev.ownership.engine.model.ReplicaLagLimit;
import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/** Reads the streaming replicas' positions, and decides whether the backfill must wait for them. */
public final class ReplicaLag {
    /**
     * Physical standbys only: a logical subscriber's walsender also shows in pg_stat_replication, and one that
     * is stopped must not stall the backfill forever.
     */
    static final String POSITIONS = "SELECT coalesce(r.application_name, ''), r.state IS NOT NULL,"
            + " extract(epoch FROM r.replay_lag), pg_wal_lsn_diff(pg_current_wal_lsn(), r.replay_lsn)::bigint"
            + " FROM pg_stat_replication r WHERE NOT EXISTS (SELECT 1 FROM pg_replication_slots s"
            + " WHERE s.active_pid = r.pid AND s.slot_type = 'logical') ORDER BY r.pid";

    private ReplicaLag() {
    }

    static List<ReplicaPosition> read(Connection c) throws SQLException {
        return Jdbc.list(c, POSITIONS, rs -> {
            double seconds = rs.getDouble(3);
            Optional<Duration> lag = rs.wasNull() ? Optional.empty()
                    : Optional.of(Duration.ofNanos(Math.round(seconds * 1e9)));
            long bytes = rs.getLong(4);
            OptionalLong behind = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(bytes);
            return new ReplicaPosition(rs.getString(1), rs.getBoolean(2), lag, behind);
        });
    }

    /** Why the next batch must wait, naming the replica furthest behind; empty when none is beyond the limit. */
    public static Optional<String> waitReason(ReplicaLagLimit limit, List<ReplicaPosition> replicas) {
        if (limit instanceof ReplicaLagLimit.Time time) {
            return replicas.stream().filter(ReplicaPosition::visible)
                    .filter(r -> timeBehind(r).compareTo(time.limit()) > 0)
                    .max(Comparator.comparing(ReplicaLag::timeBehind))
                    .map(r -> reason(seconds(timeBehind(r)), limit, r));
        }
        long maxBytes = ((ReplicaLagLimit.Bytes) limit).limit();
        return replicas.stream().filter(ReplicaPosition::visible)
                .filter(r -> r.bytesBehind().orElse(0) > maxBytes)
                .max(Comparator.comparingLong(r -> r.bytesBehind().orElse(0)))
                .map(r -> reason(bytes(r.bytesBehind().orElse(0)), limit, r));
    }

    /** Some replica's position is hidden from this role: its lag cannot be judged. */
    public static boolean blind(List<ReplicaPosition> replicas) {
        return replicas.stream().anyMatch(r -> !r.visible());
    }

    /**
     * replay_lag keeps its last measurement until the replica reports twice that it replayed everything; a replica
     * with nothing left to replay is not behind, whatever that stale figure says.
     */
    static Duration timeBehind(ReplicaPosition r) {
        return r.bytesBehind().orElse(1) <= 0 ? Duration.ZERO : r.replayLag().orElse(Duration.ZERO);
    }

    private static String reason(String behind, ReplicaLagLimit limit, ReplicaPosition r) {
        return "waiting for replica lag " + behind + " > " + limit.text() + (r.name().isEmpty() ? "" : " (" + r.name() + ")");
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }

    /** Binary units, as PostgreSQL writes sizes: 64MB is 64 * 1024 * 1024 bytes. */
    static String bytes(long n) {
        String[] units = {"B", "kB", "MB", "GB", "TB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return u == 0 ? n + "B" : String.format(Locale.ROOT, "%.1f%s", v, units[u]);
    }
}
