package dev.ownership.engine.backfill;

import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch (one session) holds a row; an application transaction (another) waits for it. */
@Tag("db")
class HeldTransactionsTest {
    private TestDatabase db;
    private Connection batch;
    private Connection app;

    @BeforeEach
    void rows() throws SQLException {
        db = PostgresServer.newDatabase();
        db.sql("CREATE TABLE t (id int PRIMARY KEY, v int); INSERT INTO t VALUES (1, 0), (2, 0)");
        batch = db.connect();
        app = db.connect();
    }

    @AfterEach
    void close() throws SQLException {
        batch.close();
        app.close();
    }

    /** The application's own name for its transaction, taken as it begins. */
    private String beginApp() throws SQLException {
        app.setAutoCommit(false);
        try (Statement st = app.createStatement(); var rs = st.executeQuery("SELECT virtualtransaction FROM pg_locks"
                + " WHERE pid = pg_backend_pid() AND locktype = 'virtualxid'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private CompletableFuture<Void> appUpdates(int id) {
        return CompletableFuture.runAsync(() -> {
            try (Statement st = app.createStatement()) {
                st.execute("UPDATE t SET v = 2 WHERE id = " + id);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void namesTheTransactionWaitingForARowTheBatchHolds() throws Exception {
        String appXact = beginApp();
        batch.setAutoCommit(false);
        batch.createStatement().execute("UPDATE t SET v = 1 WHERE id = 1");
        CompletableFuture<Void> update = appUpdates(1);
        db.awaitLockWaiter("true");

        assertThat(HeldTransactions.waiting(batch)).containsExactly(appXact);
        batch.commit();
        update.join();
        app.commit();
    }

    @Test
    void namesNobodyWhenNobodyWaits() throws Exception {
        beginApp();
        appUpdates(2).join(); // another row: the application holds a lock, but waits for none
        batch.setAutoCommit(false);
        batch.createStatement().execute("UPDATE t SET v = 1 WHERE id = 1");

        assertThat(HeldTransactions.waiting(batch)).isEmpty();
        batch.commit();
        app.commit();
    }

    private CompletableFuture<Void> awaitEnd(String xact, Duration atMost) {
        return CompletableFuture.runAsync(() -> {
            try {
                HeldTransactions.awaitEnd(batch, List.of(xact), atMost, () -> false);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Test
    void awaitsTheHeldTransactionsEndOrGivesUpAfterAtMost() throws Exception {
        String appXact = beginApp();
        appUpdates(1).join();
        CompletableFuture<Void> awaiting = awaitEnd(appXact, Duration.ofMinutes(1));
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
        assertThat(awaiting).as("still waiting while the transaction is open").isNotDone();

        app.commit();
        awaiting.get(30, TimeUnit.SECONDS);

        String open = beginApp();
        appUpdates(1).join();
        awaitEnd(open, Duration.ofMillis(50)).get(30, TimeUnit.SECONDS);
        assertThat(db.count("SELECT count(*) FROM pg_locks WHERE virtualxid = '" + open + "'"))
                .as("gave up while the transaction stayed open").isEqualTo(1);
        app.commit();
    }
}
