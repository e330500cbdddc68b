package dev.ownership.engine;

import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The page walk on PostgreSQL 14+: heap page ranges, the key only naming rows; a resumed run keeps its order. Auto
 * walks the key where no standby replays the WAL (ReplicaThrottleTest shows it walking pages next to one).
 */
@Tag("db")
class PageWalkTest {

    @Test
    void aBatchReadsOnlyItsPagesWithATidRangeScan() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "TID Range Scans exist from PostgreSQL 14 on");
        Plan.TargetPlan videos = new OwnershipEngine(db.connector()).plan(ParallelBackfillTest.spec(1)).targets()
                .stream().filter(t -> t.target().equals("public.videos.user_id")).findFirst().orElseThrow();
        assertThat(videos.rowWalk()).isEqualTo("ctid page ranges, rows named by id");
        String batch = videos.steps().stream().filter(s -> s.name().equals("backfill")).findFirst().orElseThrow()
                .sql().get(1); // after SET LOCAL synchronous_commit

        db.sql("ALTER TABLE videos ADD COLUMN user_id uuid; ALTER TABLE bookmarks_lists ADD COLUMN IF NOT EXISTS"
                + " user_id uuid"); // the column the plan's batch writes
        String plan = db.rows("EXPLAIN " + batch.replaceFirst("\\?", "'(0,0)'").replaceFirst("\\?", "'(10,0)'"))
                .stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));

        assertThat(plan).contains("Tid Range Scan on videos").doesNotContain("Seq Scan on videos");
    }

    @Test
    void autoWalksTheKeyWhereNoStandbyReplaysTheWalAndSaysWhy() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "PostgreSQL 13 always walks the key");

        Plan.TargetPlan videos = new OwnershipEngine(db.connector()).plan(ParallelBackfillTest.spec(1, "Auto"))
                .targets().stream().filter(t -> t.target().equals("public.videos.user_id")).findFirst().orElseThrow();

        assertThat(videos.rowWalk()).isEqualTo("key ranges on id (backfillOrder Auto: no standby replays this"
                + " server's WAL)");
    }

    @Test
    void aBackfillStartedInPageOrderResumesInPageOrderWhateverTheSpecSaysNow() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "page order needs PostgreSQL 14");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener crashAfterTwoBatches = new CrashAfterBatches("videos.user_id", 2);
        assertThatThrownBy(() -> engine.apply(ParallelBackfillTest.spec(2, "Pages"), crashAfterTwoBatches))
                .isInstanceOf(ResumeTest.Crash.class);
        long filled = db.count("SELECT count(*) FROM videos WHERE user_id IS NOT NULL");
        assertThat(filled).isPositive().isLessThan(ParallelBackfillTest.VIDEOS);

        RunResult resumed = engine.apply(ParallelBackfillTest.spec(2, "Key"), MigrationListener.NONE);

        assertThat(resumed.steps().stream().filter(s -> s.target().endsWith("videos.user_id")
                && s.step().equals("backfill")).mapToLong(RunResult.StepResult::rows).sum())
                .isEqualTo(ParallelBackfillTest.VIDEOS - filled);
        assertThat(db.count("SELECT count(*) FROM videos WHERE touches <> 1")).as("rows not updated exactly once")
                .isZero();
        assertThat(db.rows("SELECT DISTINCT walk FROM ownership_migration.backfill_checkpoint c JOIN"
                + " ownership_migration.target t ON t.id = c.target_id WHERE t.table_name = 'videos'"))
                .isEqualTo(List.of(List.of("pages")));
    }
}
