package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.demo.DemoScenario;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.StreamingReplica;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** execution.maxReplicaLag against a real hot standby whose replay is paused and resumed. */
@Tag("db")
class ReplicaThrottleTest {
    static MigrationSpec spec(String maxReplicaLag) throws IOException {
        Path file = Files.createTempFile("throttled", ".yaml");
        Files.writeString(file, Fixtures.resource("seed1.yaml").replace("batchSize: 700",
                "batchSize: 500\n    maxReplicaLag: " + maxReplicaLag));
        return MigrationDocumentReader.read(file);
    }

    /** What the run told, in order. */
    static final class Events implements MigrationListener {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void backfillProgress(String target, long rowsDone, long rowsTotal) {
            events.add("batch " + target);
        }

        @Override
        public void backfillThrottled(String target, String reason) {
            events.add(reason);
        }

        long count(String prefix) {
            return events.stream().filter(e -> e.startsWith(prefix)).count();
        }
    }

    @Test
    void batchesWaitWhileTheReplicaIsBehindAndGoOnOnceItCatchesUp() throws Exception {
        try (StreamingReplica pair = StreamingReplica.start()) {
            TestDatabase db = pair.newDatabase("app");
            db.sql(DemoScenario.VIDEOS.schema(5_000));
            pair.await("the standby to replay the seed", pair::caughtUp);
            pair.pauseReplay();
            db.sql("CREATE TABLE wal_while_paused AS SELECT g FROM generate_series(1, 1000) g");
            pair.await("replay_lag above 1s", () -> pair.replayLagSeconds() > 1);
            MigrationSpec spec = spec("1s");
            assertThat(new OwnershipEngine(db.connector()).plan(spec).targets().stream()
                    .filter(t -> t.target().equals("public.videos.user_id")).findFirst().orElseThrow().rowWalk())
                    .as("Auto").isEqualTo(db.serverVersion() >= 140000
                            ? "ctid page windows in 8 passes, rows named by id" : "key ranges on id");
            Events listener = new Events();

            CompletableFuture<RunResult> run = CompletableFuture.supplyAsync(
                    () -> new OwnershipEngine(db.connector()).apply(spec, listener));
            pair.await("the backfill to say it waits", () -> listener.count("waiting for replica lag") >= 3
                    || run.isDone());
            assertThat(run).as("the run, which should wait").isNotDone();

            assertThat(listener.count("batch")).as("batches committed while the replica was behind").isZero();
            // parents first: the lists' backfill is the one waiting, with the 10 owners the seed gave them
            assertThat(db.count("SELECT count(*) FROM bookmarks_lists WHERE user_id IS NOT NULL")).isEqualTo(10);
            assertThat(listener.events.get(0)).matches("waiting for replica lag \\d+\\.\\ds > 1s \\(test_replica\\)");

            pair.resumeReplay();
            run.get(2, TimeUnit.MINUTES);

            assertThat(listener.count("batch public.bookmarks_lists")).isPositive();
            assertThat(listener.count("batch public.videos")).isPositive();
            assertThat(new OwnershipEngine(db.connector()).verify(spec).ok()).isTrue();
        }
    }

    @Test
    void preflightRefusesALagLimitTheRoleCannotSee() throws IOException {
        TestDatabase db = Fixtures.seed1(10);
        String role = "plain_" + db.name(); // roles are the server's, databases the test's
        db.sql("CREATE ROLE " + role + " LOGIN; GRANT ALL ON ALL TABLES IN SCHEMA public TO " + role
                + "; GRANT CREATE ON DATABASE " + db.name() + " TO " + role);
        DatabaseConnector asPlain = new DatabaseConnector(db.jdbcUrl().replace("user=postgres", "user=" + role),
                Optional.of(role), Optional.empty());

        assertThatThrownBy(() -> new OwnershipEngine(asPlain).apply(spec("5s"), MigrationListener.NONE))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("spec.execution.maxReplicaLag: role " + role + " cannot see the replicas'"
                        + " positions in pg_stat_replication; GRANT pg_monitor TO \"" + role + "\"");
        assertThat(db.value("SELECT to_regnamespace('ownership_migration')")).as("the ledger").isNull();
    }
}
