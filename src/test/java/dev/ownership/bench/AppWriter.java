package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The application, writing while the migration runs: one session inserts videos, one updates random existing
 * videos, one deletes a user now and then (which cascades to the user's lists and their videos, and, once the
 * new foreign key exists, through videos.user_id). Each session runs one autocommit statement at a time with a
 * short pause, and every statement's latency goes to the {@link LatencyLog}.
 *
 * <p>The application of the "new column" scenarios is the old version that does not know the owner column:
 * its inserts name no owner. When the column becomes NOT NULL and nothing fills it any more, such an insert
 * fails (23502); the writer then behaves like the new application version and names the owner. That one
 * rejected insert is counted, not hidden.
 */
final class AppWriter implements AutoCloseable {
    static final String APPLICATION_NAME = "bench-app";
    static final long WRITE_PAUSE_MS = 10;
    /** -Dbench.deletePauseMs changes it, for experiments (the report shows the value used). */
    static final long DELETE_PAUSE_MS = Long.getLong("bench.deletePauseMs", 500);
    private static final String NOT_NULL_VIOLATION = "23502";

    private final TestDatabase db;
    private final Workload workload;
    private final LatencyLog log;
    private final AtomicBoolean namesOwner;
    private final boolean ownerFromList;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger churned = new AtomicInteger();
    private final List<Thread> threads = new ArrayList<>();
    /** Each session's server process, by the kind of statement it runs: what pg_locks names it by. */
    private final Map<String, Integer> pids = new ConcurrentHashMap<>();

    AppWriter(TestDatabase db, Workload workload, Scenario scenario, LatencyLog log) {
        this.db = db;
        this.workload = workload;
        this.log = log;
        this.namesOwner = new AtomicBoolean(scenario.columnExists);
        this.ownerFromList = scenario.fromParent();
    }

    AppWriter start() {
        threads.add(session("insert", this::inserts));
        threads.add(session("update", this::updates));
        threads.add(session("delete-user", this::deletes));
        threads.forEach(Thread::start);
        return this;
    }

    /** Stops the sessions; each finishes the statement it is in (which may be waiting for a lock). */
    @Override
    public void close() {
        running.set(false);
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        if (failure.get() != null) {
            throw new IllegalStateException("the application writer failed: " + failure.get(), failure.get());
        }
    }

    int usersDeleted() {
        return churned.get();
    }

    /** The server process of the session that runs statements of {@code kind}, once it has connected. */
    Optional<Integer> pidOf(String kind) {
        return Optional.ofNullable(pids.get(kind));
    }

    boolean switchedToNamingOwner() {
        return namesOwner.get();
    }

    @FunctionalInterface
    private interface Loop {
        void run(Connection c) throws SQLException, InterruptedException;
    }

    private Thread session(String name, Loop loop) {
        Thread t = new Thread(() -> {
            try (Connection c = connect()) {
                try (var st = c.createStatement(); var rs = st.executeQuery("SELECT pg_backend_pid()")) {
                    rs.next();
                    pids.put(name, rs.getInt(1));
                }
                loop.run(c);
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        }, "app-" + name);
        t.setDaemon(true);
        return t;
    }

    Connection connect() throws SQLException {
        return connect(db, APPLICATION_NAME);
    }

    static Connection connect(TestDatabase db, String applicationName) throws SQLException {
        Properties props = new Properties();
        props.setProperty("user", "postgres");
        props.setProperty("ApplicationName", applicationName);
        return DriverManager.getConnection(db.jdbcUrl(), props);
    }

    private void inserts(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement plain = c.prepareStatement(
                "INSERT INTO videos (list_id, youtube_id) VALUES (?, ?)");
             PreparedStatement owned = c.prepareStatement("INSERT INTO videos (list_id, youtube_id, user_id)"
                     + " VALUES (?, ?, COALESCE((SELECT user_id FROM bookmarks_lists WHERE id = ? AND ?), ?))")) {
            long n = 0;
            while (running.get()) {
                UUID list = pick(workload.stableLists);
                String youtubeId = "live" + n++;
                String failed;
                long t0 = System.nanoTime();
                if (namesOwner.get()) {
                    owned.setObject(1, list);
                    owned.setString(2, youtubeId);
                    owned.setObject(3, list);
                    owned.setBoolean(4, ownerFromList); // the same owner the migration gives old rows
                    owned.setObject(5, workload.defaultOwner);
                    failed = run(owned, "insert");
                } else {
                    plain.setObject(1, list);
                    plain.setString(2, youtubeId);
                    failed = run(plain, "insert");
                }
                log.add("insert", t0, System.nanoTime() - t0, failed);
                if (NOT_NULL_VIOLATION.equals(failed)) {
                    namesOwner.set(true);
                }
                Thread.sleep(WRITE_PAUSE_MS);
            }
        }
    }

    private void updates(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE videos SET processing_status = ? WHERE id = ?")) {
            while (running.get()) {
                ps.setString(1, ThreadLocalRandom.current().nextBoolean() ? "done" : "processing");
                ps.setObject(2, pick(workload.sampledVideos));
                long t0 = System.nanoTime();
                String failed = run(ps, "update");
                log.add("update", t0, System.nanoTime() - t0, failed);
                Thread.sleep(WRITE_PAUSE_MS);
            }
        }
    }

    private void deletes(Connection c) throws SQLException, InterruptedException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM users WHERE id = ?")) {
            int next = ThreadLocalRandom.current().nextInt(workload.churnUsers.size());
            while (running.get()) {
                Thread.sleep(DELETE_PAUSE_MS);
                ps.setObject(1, workload.churnUsers.get(next++ % workload.churnUsers.size()));
                long t0 = System.nanoTime();
                String failed = run(ps, "delete-user");
                log.add("delete-user", t0, System.nanoTime() - t0, failed);
                if (failed == null) {
                    churned.incrementAndGet();
                }
            }
        }
    }

    /** Runs one statement; returns the SQLSTATE it failed with, or null. */
    private String run(PreparedStatement ps, String kind) throws SQLException {
        try {
            ps.executeUpdate();
            return null;
        } catch (SQLException e) {
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e; // the connection is gone: the benchmark is broken, not the migration
            }
            log.message(kind, e.getSQLState(), e.getMessage());
            return e.getSQLState();
        }
    }

    private static <T> T pick(List<T> from) {
        return from.get(ThreadLocalRandom.current().nextInt(from.size()));
    }
}
