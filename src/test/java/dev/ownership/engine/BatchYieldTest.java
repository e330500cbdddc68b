package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application transaction that waited for a batch gets to finish before the next batch locks more rows, so its
 * waits do not add up batch after batch (a cascading delete walking the table meets one batch after another). Here it
 * stays open for five batches' time (500 ms at the default targetBatchTime), within the ten the next batch waits.
 */
@Tag("db")
class BatchYieldTest {
    private static final long GATE = 4242;

    @Test
    void theNextBatchWaitsForTheTransactionTheLastOneHeldUp() throws Exception {
        TestDatabase db = Fixtures.seed1(3_000);
        // each row a batch updates passes a gate the test keeps closed until the application waits for the batch;
        // the batch waits there however long its lock_timeout is
        db.sql("CREATE FUNCTION pass_gate() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                + " PERFORM set_config('lock_timeout', '0', true); PERFORM pg_advisory_xact_lock_shared(" + GATE + ");"
                + " RETURN NEW; END $$");
        db.sql("CREATE TRIGGER pass_gate BEFORE UPDATE ON videos FOR EACH ROW EXECUTE FUNCTION pass_gate()");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write(Fixtures.resource(
                "seed1.yaml").replace("batchSize: 700", "batchSize: 100")));
        AtomicLong nullsWhenFree = new AtomicLong(-1);
        AtomicLong nullsWhileOpen = new AtomicLong(-1);
        CompletableFuture<Void> application = new CompletableFuture<>();

        try (Connection gate = db.connect(); Connection app = db.connect()) {
            new OwnershipEngine(db.connector()).apply(spec, new MigrationListener() {
                @Override
                public void stepStarted(String target, String step) {
                    if (target.endsWith("videos.user_id") && step.equals("backfill")) {
                        run(() -> gate.createStatement().execute("SELECT pg_advisory_lock(" + GATE + ")"));
                        application.completeAsync(() -> {
                            try {
                                db.awaitLockWaiter("locktype = 'advisory'");
                                // a row the first batch holds: one a query that skips locked rows does not see
                                String held = db.value("SELECT v.id FROM videos v WHERE NOT EXISTS (SELECT FROM"
                                        + " (SELECT id FROM videos FOR UPDATE SKIP LOCKED) f WHERE f.id = v.id)"
                                        + " LIMIT 1");
                                run(() -> app.setAutoCommit(false));
                                CompletableFuture<Void> update = CompletableFuture.runAsync(() -> run(() ->
                                        app.createStatement().execute("UPDATE videos SET processing_status = 'app'"
                                                + " WHERE id = '" + held + "'")));
                                db.awaitLockWaiter("locktype IN ('transactionid', 'tuple')");
                                open(gate);
                                update.join();
                                nullsWhenFree.set(nulls(db));
                                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(500));
                                nullsWhileOpen.set(nulls(db));
                                run(app::commit);
                            } finally {
                                open(gate); // whatever failed, the batch must not wait forever
                            }
                            return null;
                        });
                    }
                }
            });
            application.join();
        }

        assertThat(nullsWhenFree.get()).as("rows the first batch left to the next").isPositive();
        assertThat(nullsWhileOpen.get()).as("rows filled while the held transaction stayed open")
                .isEqualTo(nullsWhenFree.get());
        assertThat(nulls(db)).isZero();
    }

    private static void open(Connection gate) {
        run(() -> gate.createStatement().execute("SELECT pg_advisory_unlock_all()"));
    }

    private static long nulls(TestDatabase db) {
        return db.count("SELECT count(*) FROM videos WHERE user_id IS NULL");
    }

    private interface Sql {
        void run() throws SQLException;
    }

    private static void run(Sql sql) {
        try {
            sql.run();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
