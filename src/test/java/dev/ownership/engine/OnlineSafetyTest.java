package dev.ownership.engine;

import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The application keeps working while the migration runs. */
@Tag("db")
class OnlineSafetyTest {

    @Test
    void rowsTheApplicationWritesDuringApplyGetTheirOwner() throws Exception {
        TestDatabase db = Fixtures.seed1(20_000);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                while (running.get()) {
                    // new rows that do not name an owner, and updates of existing rows
                    st.execute("INSERT INTO videos (list_id, youtube_id) SELECT id, 'live' FROM bookmarks_lists"
                            + " ORDER BY random() LIMIT 1");
                    st.execute("UPDATE videos SET processing_status = 'done' WHERE id = (SELECT id FROM videos"
                            + " ORDER BY random() LIMIT 1)");
                    writes.addAndGet(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = Fixtures.spec("seed1.yaml");

        // This application does not name owners: it stops writing before the fill trigger goes away (after
        // that NOT NULL refuses such rows, which is the point; keepFillTrigger is for applications like it).
        engine.apply(spec, new MigrationListener() {
            @Override
            public void stepStarted(String target, String step) {
                if (step.equals("drop-fill-trigger")) {
                    running.set(false);
                    app.join();
                }
            }
        });

        assertThat(writes.get()).as("application writes during apply").isPositive();
        assertThat(db.count("SELECT count(*) FROM videos WHERE youtube_id = 'live'")).isPositive();
        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.count("SELECT count(*) FROM videos v JOIN bookmarks_lists l ON l.id = v.list_id"
                + " WHERE v.user_id <> l.user_id")).isZero();
    }

    /** Batches and the sweep commit without waiting for the WAL flush: their row locks go at once. */
    @Test
    void backfillBatchesCommitWithoutWaitingForTheWalFlush() {
        TestDatabase db = Fixtures.seed1(3_000);
        db.sql("ALTER DATABASE " + db.name() + " SET synchronous_commit = on"); // the embedded server's default is off
        db.sql("CREATE TABLE commit_modes (mode text)");
        db.sql("CREATE FUNCTION log_commit_mode() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " INSERT INTO commit_modes VALUES (current_setting('synchronous_commit')); RETURN NULL; END $$");
        db.sql("CREATE TRIGGER log_commit_mode AFTER UPDATE ON videos FOR EACH STATEMENT"
                + " EXECUTE FUNCTION log_commit_mode()");

        new OwnershipEngine(db.connector()).apply(Fixtures.spec("seed1.yaml"), MigrationListener.NONE);

        assertThat(db.count("SELECT count(*) FROM commit_modes")).as("batches, then the sweep")
                .isGreaterThanOrEqualTo(2);
        assertThat(db.count("SELECT count(*) FROM commit_modes WHERE mode <> 'off'")).isZero();
    }

    /**
     * A batch passes over a row the application holds instead of waiting for it (with its own rows locked, which the
     * application may be about to want): the other rows of its range are filled while the row is held, and the
     * sweep fills that one once it is free.
     */
    @Test
    void batchesPassOverARowTheApplicationHoldsAndTheSweepFillsItOnceFree() throws Exception {
        TestDatabase db = Fixtures.seed1(3_000);
        String held = db.value("SELECT id FROM videos ORDER BY id LIMIT 1 OFFSET 10");
        Connection app = db.connect();
        AtomicBoolean othersFilledWhileHeld = new AtomicBoolean();
        CompletableFuture<Void> releaser = new CompletableFuture<>();
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(Fixtures.spec("seed1.yaml"), new MigrationListener() {
            @Override
            public void stepStarted(String target, String step) {
                if (target.endsWith("videos.user_id") && step.equals("backfill")) {
                    try {
                        app.setAutoCommit(false);
                        app.createStatement().execute("SELECT 1 FROM videos WHERE id = '" + held + "' FOR UPDATE");
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    releaser.completeAsync(() -> {
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (System.nanoTime() < deadline && !othersFilledWhileHeld.get()) {
                            othersFilledWhileHeld.set(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")
                                    == 1);
                            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
                        }
                        try {
                            app.commit();
                            app.close();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return null;
                    });
                }
            }
        });
        releaser.join();

        assertThat(othersFilledWhileHeld).as("every other row filled while the application held one").isTrue();
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        assertThat(engine.verify(Fixtures.spec("seed1.yaml")).ok()).isTrue();
    }

    /** Every path keeps the trigger: the constant-owner shortcut (a new column of notes) and offline too. */
    @ParameterizedTest
    @ValueSource(strings = {"Online", "Offline"})
    void keepFillTriggerLetsAnApplicationThatNamesNoOwnerGoOnWriting(String mode) {
        TestDatabase db = Fixtures.seed1(100);
        db.sql("CREATE TABLE notes (id bigserial PRIMARY KEY, body text); INSERT INTO notes (body) VALUES ('before')");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write(Fixtures.resource("seed1.yaml")
                .replace("  execution:", "    - table: notes\n      column: user_id\n  execution:")
                .replace("batchSize: 700", "batchSize: 700\n    keepFillTrigger: true\n    mode: " + mode)));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(spec, MigrationListener.NONE);
        db.sql("INSERT INTO videos (list_id, youtube_id) SELECT id, 'after' FROM bookmarks_lists LIMIT 1");
        db.sql("INSERT INTO bookmarks_lists (name) VALUES ('after'); INSERT INTO notes (body) VALUES ('after')");

        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.count("SELECT count(*) FROM videos WHERE youtube_id = 'after' AND user_id IS NOT NULL"))
                .isEqualTo(1);
        assertThat(db.rows("SELECT u.email FROM bookmarks_lists l JOIN users u ON u.id = l.user_id WHERE l.name = 'after'"
                + " UNION ALL SELECT u.email FROM notes n JOIN users u ON u.id = n.user_id WHERE n.body = 'after'"))
                .as("the default owner").containsExactly(List.of("test@example.com"), List.of("test@example.com"));
        assertThat(engine.plan(spec).nothingToDo()).as("a second apply has nothing to do").isTrue();
        engine.revert(spec, MigrationListener.NONE);
        assertThat(db.count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'ownership_fill_%'")).isZero();
    }

    /**
     * A session holds a lock on the table. The migrator's ADD COLUMN waits at most lock_timeout, so a query
     * that queues behind it waits at most that long too, not until the holder commits; after the retry
     * budget the error names the holder.
     */
    @Test
    void aHeldLockMakesTheMigratorGiveUpQuicklyAndNameTheHolder() throws Exception {
        TestDatabase db = Fixtures.seed2();
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: blocked}
                spec:
                  owner: {table: users}
                  defaultOwner: {value: "1"}
                  targets: [{table: album_media, column: owner_id}]
                  execution: {lockTimeout: 200ms, lockRetries: 2}
                """));
        String before = Snapshot.of(db, null);
        try (Connection holder = db.connect(); Statement hs = holder.createStatement()) {
            holder.setAutoCommit(false);
            // ACCESS SHARE until commit; the literal stands for whatever another application's queries hold
            hs.execute("SELECT 'another-apps-secret' AS s, * FROM album_media LIMIT 1");
            String holderPid = db.value("SELECT pid FROM pg_stat_activity WHERE state = 'idle in transaction'"
                    + " AND datname = '" + db.name() + "'");
            AtomicLong longestRead = new AtomicLong();
            AtomicBoolean reading = new AtomicBoolean(true);
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    while (reading.get()) {
                        long t0 = System.nanoTime();
                        st.execute("SELECT count(*) FROM album_media");
                        longestRead.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long started = System.nanoTime();

            assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(spec, MigrationListener.NONE))
                    .isInstanceOf(LockTimeoutException.class)
                    .hasMessageContaining("pid " + holderPid)
                    .hasMessageContaining("in 3 attempts")
                    .hasMessageNotContaining("another-apps-secret");
            long migratorMillis = (System.nanoTime() - started) / 1_000_000;
            reading.set(false);
            reader.get(30, TimeUnit.SECONDS);
            // Without lock_timeout the queued reads would wait as long as the holder holds (here: for as long as
            // the migrator tried). With it, each read waits at most one lock_timeout; the bound leaves room for a
            // slow machine and still fails if reads queued through the whole run.
            assertThat(longestRead.get()).isLessThan(Math.max(migratorMillis / 2, 1));
            holder.rollback();
        }
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    /**
     * ADD FOREIGN KEY locks the table, then the owner table. Were lock_timeout its only bound, it would wait for the
     * first lock, then hold it while it waits for the second, and the application's writes would queue behind it
     * through both waits; bounded as a whole statement, they queue for at most one lockTimeout.
     */
    @Test
    void aStatementThatWaitsForTwoLocksHoldsUpTheApplicationForAtMostOneLockTimeout() throws Exception {
        TestDatabase db = Fixtures.seed2();
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: two-locks}
                spec:
                  owner: {table: users}
                  defaultOwner: {value: "1"}
                  targets: [{table: album_media, column: owner_id}]
                  execution: {lockTimeout: 1s}
                """));
        AtomicLong longestWrite = new AtomicLong();
        AtomicBoolean writing = new AtomicBoolean(true);
        CompletableFuture<Void> writer = new CompletableFuture<>();
        ScheduledExecutorService commits = Executors.newSingleThreadScheduledExecutor();
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        try (Connection app = db.connect()) {
            app.setAutoCommit(false);
            try {
                engine.apply(spec, new MigrationListener() {
                    @Override
                    public void stepStarted(String target, String step) {
                        if (!step.equals("add-foreign-key")) {
                            return;
                        }
                        // another transaction writes the table for 0.9 s, another the owner table for 2.5 s
                        Connection table = writeLocked(db, "album_media");
                        Connection owner = writeLocked(db, "users");
                        commits.schedule(() -> commit(table), 900, TimeUnit.MILLISECONDS);
                        commits.schedule(() -> commit(owner), 2_500, TimeUnit.MILLISECONDS);
                        writer.completeAsync(() -> {
                            while (writing.get()) {
                                long t0 = System.nanoTime();
                                writeLocked(app, "album_media");
                                commitOnly(app);
                                longestWrite.accumulateAndGet((System.nanoTime() - t0) / 1_000_000, Math::max);
                            }
                            return null;
                        });
                    }
                });
            } finally {
                writing.set(false);
                commits.shutdown();
            }
            writer.get(30, TimeUnit.SECONDS);
        }

        // each lock alone bounded, the writes would wait about 0.9 s for the table's lock and 1 s for the owner's
        assertThat(longestWrite.get()).as("longest write, ms").isLessThan(1_500);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    private static Connection writeLocked(TestDatabase db, String table) {
        try {
            return writeLocked(db.connect(), table);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A transaction that has taken the lock an INSERT or UPDATE takes on the table. */
    private static Connection writeLocked(Connection c, String table) {
        try {
            c.setAutoCommit(false);
            c.createStatement().execute("LOCK TABLE " + table + " IN ROW EXCLUSIVE MODE");
            return c;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void commit(Connection c) {
        try (c) {
            return commitOnly(c);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Void commitOnly(Connection c) {
        try {
            c.commit();
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
