package dev.ownership.engine;

import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** One migrator per database; a second one waits its turn when asked to. */
@Tag("db")
class MigratorLockTest {
    @Test
    void aSecondEngineWaitsForTheFirstAndThenCompletes() throws Exception {
        TestDatabase db = Fixtures.seed2();
        MigrationSpec spec = Fixtures.spec("seed2.yaml");
        CountDownLatch firstInside = new CountDownLatch(1);
        CountDownLatch secondWaiting = new CountDownLatch(1);
        CompletableFuture<RunResult> first = CompletableFuture.supplyAsync(() ->
                new OwnershipEngine(db.connector()).apply(spec, new MigrationListener() {
                    @Override
                    public void stepStarted(String target, String step) {
                        if (step.equals("create-index")) { // hold the lock until the second one waits for it
                            firstInside.countDown();
                            await(secondWaiting);
                        }
                    }
                }));
        await(firstInside);
        StringBuilder holder = new StringBuilder();
        CompletableFuture<RunResult> second = CompletableFuture.supplyAsync(() ->
                new OwnershipEngine(db.connector(), Duration.ofMinutes(5)).apply(spec, new MigrationListener() {
                    @Override
                    public void waitingForMigratorLock(String who) {
                        holder.setLength(0);
                        holder.append(who);
                        secondWaiting.countDown();
                    }
                }));

        assertThat(first.get(2, TimeUnit.MINUTES).steps()).anyMatch(s -> !s.skipped());
        RunResult result = second.get(2, TimeUnit.MINUTES);
        assertThat(holder.toString()).startsWith("session ").contains("application " + DatabaseConnector.APPLICATION_NAME)
                .contains("connected since ");
        assertThat(result.steps()).as("the first did it all").allMatch(RunResult.StepResult::skipped);
        assertThat(new OwnershipEngine(db.connector()).verify(spec).ok()).isTrue();
    }

    /** The server drops the session (and with it the migrator lock) of a migrator whose node vanished. */
    @Test
    void sessionsDetectADeadClientWithinAboutAMinute() throws Exception {
        TestDatabase db = PostgresServer.newDatabase();
        try (Connection c = db.connector().open(); Statement st = c.createStatement()) {
            assertThat(show(st, "tcp_keepalives_idle")).isEqualTo("30");
            assertThat(show(st, "tcp_keepalives_interval")).isEqualTo("10");
            assertThat(show(st, "tcp_keepalives_count")).isEqualTo("3");
            if (db.serverVersion() >= 140000) {
                assertThat(show(st, "client_connection_check_interval")).isEqualTo("10s");
            }
        }
    }

    private static String show(Statement st, String setting) throws SQLException {
        try (ResultSet rs = st.executeQuery("SHOW " + setting)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(2, TimeUnit.MINUTES)).isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
