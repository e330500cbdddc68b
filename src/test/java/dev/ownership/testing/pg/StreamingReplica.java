package dev.ownership.testing.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * A primary of its own and a hot standby streaming from it, both embedded PostgreSQL of the tested major. The
 * zonky binaries have no pg_basebackup, so the standby starts from a base backup taken the low-level way:
 * pg_backup_start, a copy of the data directory, pg_backup_stop's label; a physical replication slot keeps the
 * WAL it needs until it streams.
 */
public final class StreamingReplica implements AutoCloseable {
    private static final String SLOT = "test_replica";
    /** Written and removed by the running server, or zonky's own: never part of a base backup. */
    private static final Set<String> SKIPPED_FILES = Set.of("postmaster.pid", "postmaster.opts", "epg-lock");
    private static final Set<String> EMPTIED_DIRS = Set.of("pg_wal", "pg_replslot");

    private final EmbeddedPostgres primary;
    private final EmbeddedPostgres standby;
    private final Path standbyData;
    private final int version;

    private StreamingReplica(EmbeddedPostgres primary, EmbeddedPostgres standby, Path standbyData, int version) {
        this.primary = primary;
        this.standby = standby;
        this.standbyData = standbyData;
        this.version = version;
    }

    /** Starts both and returns once the primary sees the standby streaming. */
    public static StreamingReplica start() {
        try {
            PostgresBinaries binaries = PostgresBinaries.fromSystemProperties();
            EmbeddedPostgres primary = EmbeddedPostgres.builder().setPgBinaryResolver(binaries)
                    .setServerConfig("wal_level", "replica").setServerConfig("max_wal_senders", "4").start();
            Path data = Files.createTempDirectory("standby");
            int version;
            try (Connection c = primary.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                version = Integer.parseInt(value(st, "SHOW server_version_num"));
                st.execute("SELECT pg_create_physical_replication_slot('" + SLOT + "', true)");
                st.execute(version >= 150000 ? "SELECT pg_backup_start('standby', true)"
                        : "SELECT pg_start_backup('standby', true, false)");
                copy(Path.of(value(st, "SHOW data_directory")), data);
                String label = value(st, version >= 150000 ? "SELECT labelfile FROM pg_backup_stop(true)"
                        : "SELECT labelfile FROM pg_stop_backup(false, true)");
                Files.writeString(data.resolve("backup_label"), label);
            }
            Files.writeString(data.resolve("standby.signal"), "");
            Files.writeString(data.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=localhost port="
                    + primary.getPort() + " user=postgres application_name=test_replica'\nprimary_slot_name = '"
                    + SLOT + "'\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            EmbeddedPostgres standby = EmbeddedPostgres.builder().setPgBinaryResolver(binaries).setDataDirectory(data)
                    .setCleanDataDirectory(false).setServerConfig("hot_standby", "on")
                    .setServerConfig("wal_receiver_status_interval", "1s").start();
            StreamingReplica pair = new StreamingReplica(primary, standby, data, version);
            pair.await("the standby to stream", () -> "streaming".equals(
                    pair.primaryValue("SELECT state FROM pg_stat_replication WHERE application_name = 'test_replica'")));
            return pair;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A new database on the primary, for the engine. */
    public TestDatabase newDatabase(String name) {
        primaryValue("CREATE DATABASE " + name);
        return new TestDatabase(name, primary.getJdbcUrl("postgres", name), version);
    }

    public void pauseReplay() {
        standbyValue("SELECT pg_wal_replay_pause()");
    }

    public void resumeReplay() {
        standbyValue("SELECT pg_wal_replay_resume()");
    }

    /** The primary's view of the standby's replay_lag, in seconds (0 when not measured). */
    public double replayLagSeconds() {
        String lag = primaryValue("SELECT extract(epoch FROM replay_lag) FROM pg_stat_replication"
                + " WHERE application_name = 'test_replica'");
        return lag == null ? 0 : Double.parseDouble(lag);
    }

    /** Whether the standby has replayed everything the primary has written. */
    public boolean caughtUp() {
        return "0".equals(primaryValue("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint"
                + " FROM pg_stat_replication WHERE application_name = 'test_replica'"));
    }

    public void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofMinutes(1), condition);
    }

    /** As {@link #await(String, BooleanSupplier)}, for waits that grow with the data (replaying a large load). */
    public void await(String what, Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** Both servers' data directories, primary first (e.g. to find their postmasters' process ids). */
    public List<Path> dataDirectories() {
        return List.of(Path.of(primaryValue("SHOW data_directory")), standbyData);
    }

    private String primaryValue(String sql) {
        return run(primary, sql);
    }

    private String standbyValue(String sql) {
        return run(standby, sql);
    }

    private static String run(EmbeddedPostgres server, String sql) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            return st.execute(sql) ? first(st.getResultSet()) : null;
        } catch (SQLException e) {
            throw new IllegalStateException(e.getMessage() + "\n" + sql, e);
        }
    }

    private static String value(Statement st, String sql) throws SQLException {
        try (ResultSet rs = st.executeQuery(sql)) {
            return first(rs);
        }
    }

    private static String first(ResultSet rs) throws SQLException {
        return rs.next() ? rs.getString(1) : null;
    }

    /** The data directory as it is now; WAL comes from the slot, not the copy. */
    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path relative = from.relativize(source);
                Path target = to.resolve(relative.toString());
                boolean emptied = relative.getNameCount() > 1 && EMPTIED_DIRS.contains(relative.getName(0).toString());
                if (SKIPPED_FILES.contains(relative.toString()) || emptied || relative.toString().isEmpty()) {
                    continue;
                }
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(source, target);
                    } catch (java.nio.file.NoSuchFileException gone) {
                        // removed while copying (a temporary file): replay recreates what matters
                    }
                }
            }
        }
    }

    @Override
    public void close() {
        for (EmbeddedPostgres server : List.of(standby, primary)) {
            try {
                server.close();
            } catch (IOException ignored) {
                // temporary servers; the JVM is done with them
            }
        }
        try (Stream<Path> files = Files.walk(standbyData)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a temporary directory
        }
    }
}
