package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * execution.parallelism: several sessions fill disjoint slices of a table, every row exactly once, and a run that
 * dies mid-way resumes each slice where its checkpoint says. Triggers on the table record each UPDATE statement
 * (its session, its rows, whether it was a range batch or a sweep) and how often each row was updated.
 */
@Tag("db")
class ParallelBackfillTest {
    static final int VIDEOS = 30_000;

    static MigrationSpec spec(int parallelism) throws IOException {
        return spec(parallelism, "Pages");
    }

    static MigrationSpec spec(int parallelism, String order) throws IOException {
        return spec(parallelism, order, 500, "0s");
    }

    /** @param targetBatchTime how the batch size moves from batchSize ({@code 0s}: it stays) */
    static MigrationSpec spec(int parallelism, String order, int batchSize, String targetBatchTime)
            throws IOException {
        Path file = Files.createTempFile("parallel", ".yaml");
        Files.writeString(file, Fixtures.resource("seed1.yaml").replace("batchSize: 700",
                "batchSize: " + batchSize + "\n    targetBatchTime: " + targetBatchTime + "\n    parallelism: "
                        + parallelism + "\n    backfillOrder: " + order));
        return MigrationDocumentReader.read(file);
    }

    static TestDatabase seedWithUpdateLog() {
        TestDatabase db = Fixtures.seed1(VIDEOS);
        db.sql("""
                ALTER TABLE videos ADD COLUMN touches integer NOT NULL DEFAULT 0;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;
                CREATE TRIGGER touch BEFORE UPDATE ON videos FOR EACH ROW EXECUTE FUNCTION touch();
                CREATE TABLE update_log (id bigserial PRIMARY KEY, pid integer NOT NULL DEFAULT pg_backend_pid(),
                                         rows bigint NOT NULL, sweep boolean NOT NULL);
                CREATE FUNCTION log_update() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    INSERT INTO update_log (rows, sweep)
                    SELECT count(*), current_query() LIKE '%IS NULL LIMIT%' FROM changed;
                    RETURN NULL;
                END $$;
                CREATE TRIGGER log_update AFTER UPDATE ON videos REFERENCING NEW TABLE AS changed
                    FOR EACH STATEMENT EXECUTE FUNCTION log_update();
                """);
        return db;
    }

    @Test
    void threeSessionsFillEveryRowExactlyOnce() throws IOException {
        TestDatabase db = seedWithUpdateLog();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = spec(3);

        engine.apply(spec, MigrationListener.NONE);

        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.count("SELECT count(*) FROM videos WHERE touches <> 1")).as("rows not updated exactly once")
                .isZero();
        assertThat(db.count("SELECT count(*) FROM videos v JOIN bookmarks_lists l ON l.id = v.list_id"
                + " WHERE v.user_id IS DISTINCT FROM l.user_id")).isZero();
        assertThat(db.count("SELECT count(DISTINCT pid) FROM update_log WHERE NOT sweep")).as("sessions").isEqualTo(3);
        assertThat(db.count("SELECT sum(rows) FROM update_log")).isEqualTo(VIDEOS);
        assertThat(db.count("SELECT count(*) FROM update_log WHERE NOT sweep AND rows = 0"))
                .as("range batches that found nothing to fill").isZero();
        assertThat(db.count(slices("count(*)"))).isEqualTo(3 * 4);
        assertThat(db.count(slices("sum(rows_done)"))).isEqualTo(VIDEOS);
        assertThat(db.count(slices("count(*) FILTER (WHERE last_key IS DISTINCT FROM upper_key OR NOT completed)")))
                .isZero();
    }

    @Test
    void aRunKilledMidWayRedoesNoFinishedBatch() throws IOException {
        TestDatabase db = seedWithUpdateLog();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = spec(2);
        MigrationListener killAfterTenBatches = new CrashAfterBatches("videos.user_id", 10);

        assertThatThrownBy(() -> engine.apply(spec, killAfterTenBatches)).isInstanceOf(ResumeTest.Crash.class);

        long filled = db.count("SELECT count(*) FROM videos WHERE user_id IS NOT NULL");
        assertThat(filled).as("rows filled before the kill").isPositive().isLessThan(VIDEOS)
                .isEqualTo(db.count(slices("sum(rows_done)")));
        assertThat(db.count("SELECT count(DISTINCT pid) FROM update_log")).as("sessions before the kill").isEqualTo(2);
        long lastUpdateBeforeResume = db.count("SELECT max(id) FROM update_log");

        RunResult resumed = engine.apply(spec, MigrationListener.NONE);

        assertThat(resumed.steps().stream().filter(s -> s.target().endsWith("videos.user_id")
                && s.step().equals("backfill")).mapToLong(RunResult.StepResult::rows).sum()).isEqualTo(VIDEOS - filled);
        assertThat(db.count("SELECT count(*) FROM update_log WHERE id > " + lastUpdateBeforeResume
                + " AND NOT sweep AND rows = 0")).as("batches of the resumed run that found their range done").isZero();
        assertThat(db.count("SELECT sum(rows) FROM update_log WHERE id > " + lastUpdateBeforeResume))
                .isEqualTo(VIDEOS - filled);
        assertThat(db.count("SELECT count(*) FROM videos WHERE touches <> 1")).as("rows not updated exactly once")
                .isZero();
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @Test
    void aCheckpointInProgressInAV2LedgerResumesAsSliceZeroInKeyOrder() throws IOException {
        TestDatabase db = seedWithUpdateLog();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener killAfterThreeBatches = new CrashAfterBatches("videos.user_id", 3);
        assertThatThrownBy(() -> engine.apply(spec(1, "Key"), killAfterThreeBatches))
                .isInstanceOf(ResumeTest.Crash.class);
        // the ledger as V2 left it: one checkpoint per target, no slices, positions in key order
        db.sql("""
                ALTER TABLE ownership_migration.backfill_checkpoint DROP CONSTRAINT backfill_checkpoint_pkey;
                ALTER TABLE ownership_migration.backfill_checkpoint DROP COLUMN slice, DROP COLUMN relation,
                    DROP COLUMN walk;
                ALTER TABLE ownership_migration.backfill_checkpoint ADD PRIMARY KEY (target_id);
                DROP TABLE ownership_migration.filled_batch;
                CREATE TABLE ownership_migration.filled_key (target_id bigint NOT NULL, key text NOT NULL, value text);
                CREATE INDEX filled_key_target_idx ON ownership_migration.filled_key (target_id);
                DELETE FROM ownership_migration.flyway_schema_history WHERE version IN ('3', '4', '5');
                """);
        MigrationSpec spec = spec(1); // in page order now: the resumed run must still walk the key
        long filled = db.count("SELECT count(*) FROM videos WHERE user_id IS NOT NULL");
        assertThat(filled).isEqualTo(3 * 500);

        RunResult resumed = engine.apply(spec, MigrationListener.NONE);

        assertThat(resumed.steps().stream().filter(s -> s.target().endsWith("videos.user_id")
                && s.step().equals("backfill")).mapToLong(RunResult.StepResult::rows).sum()).isEqualTo(VIDEOS - filled);
        assertThat(db.count("SELECT count(*) FROM videos WHERE touches <> 1")).isZero();
        assertThat(db.rows("SELECT slice, relation FROM ownership_migration.backfill_checkpoint c"
                + " JOIN ownership_migration.target t ON t.id = c.target_id WHERE t.table_name = 'videos'"))
                .containsExactly(java.util.List.of("0", "\"public\".\"videos\""));
    }

    private static String slices(String aggregate) {
        return "SELECT " + aggregate + " FROM ownership_migration.backfill_checkpoint c"
                + " JOIN ownership_migration.target t ON t.id = c.target_id WHERE t.table_name = 'videos'";
    }
}
