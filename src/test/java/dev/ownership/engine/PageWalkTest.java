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
 * The page walk on PostgreSQL 14+: windows of heap pages filled in passes, the key only naming rows; Auto walks it;
 * a run killed in the middle of a window resumes at its pass and keeps its order.
 */
@Tag("db")
class PageWalkTest {

    @Test
    void aBatchReadsOnlyItsPagesWithATidRangeScan() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "TID Range Scans exist from PostgreSQL 14 on");
        Plan.TargetPlan videos = new OwnershipEngine(db.connector()).plan(ParallelBackfillTest.spec(1)).targets()
                .stream().filter(t -> t.target().equals("public.videos.user_id")).findFirst().orElseThrow();
        assertThat(videos.rowWalk()).isEqualTo("ctid page windows in 8 passes, rows named by id");
        String batch = videos.steps().stream().filter(s -> s.name().equals("backfill")).findFirst().orElseThrow()
                .sql().get(1); // after SET LOCAL synchronous_commit

        db.sql("ALTER TABLE videos ADD COLUMN user_id uuid; ALTER TABLE bookmarks_lists ADD COLUMN IF NOT EXISTS"
                + " user_id uuid"); // the column the plan's batch writes
        String plan = db.rows("EXPLAIN " + batch.replaceFirst("\\?", "'(0,0)'").replaceFirst("\\?", "'(10,0)'")
                .replaceFirst("\\?", "3"))
                .stream().map(r -> r.get(0)).collect(Collectors.joining("\n"));

        assertThat(plan).contains("Tid Range Scan on videos").doesNotContain("Seq Scan on videos");
    }

    @Test
    void autoWalksPageWindowsAndKeyOrderStaysAChoice() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "PostgreSQL 13 always walks the key");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        assertThat(rowWalk(engine, "Auto")).isEqualTo("ctid page windows in 8 passes, rows named by id");
        assertThat(rowWalk(engine, "Key")).isEqualTo("key ranges on id");
    }

    @Test
    void theFirstBatchFillsTheFirstPassOfTheFirstWindowOnly() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "page order needs PostgreSQL 14");
        db.sql("CREATE TABLE place_before AS SELECT id, (ctid::text::point)[0]::int AS page,"
                + " hashtid(ctid) & 7 AS pass FROM videos");

        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(ParallelBackfillTest.spec(1, "Pages"),
                new CrashAfterBatches("videos.user_id", 1))).isInstanceOf(ResumeTest.Crash.class);

        String window = db.rows("SELECT last_key FROM ownership_migration.backfill_checkpoint c JOIN"
                + " ownership_migration.target t ON t.id = c.target_id WHERE t.table_name = 'videos'").get(0).get(0);
        assertThat(window).startsWith("0:").endsWith(":1");
        int windowEnd = Integer.parseInt(window.split(":")[1]);
        assertThat(db.count("SELECT count(*) FROM videos v JOIN place_before p USING (id) WHERE v.user_id IS NOT NULL"
                + " AND (p.pass <> 0 OR p.page >= " + windowEnd + ")")).as("rows filled outside the pass").isZero();
        assertThat(db.count("SELECT count(*) FROM videos v JOIN place_before p USING (id) WHERE v.user_id IS NULL"
                + " AND p.pass = 0 AND p.page < " + windowEnd)).as("rows of the pass left").isZero();
    }

    /**
     * A window's passes keep the size the window opened with, so a pass's time says how long that size takes:
     * the batch sizer must grow from it, not from the size it proposed after the pass before (which compounded
     * 1.5x per pass into windows 25 times larger, batches of seconds at 10 M rows).
     */
    @Test
    void eachWindowGrowsAtMostByHalfWhenItsPassesAreFast() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "page order needs PostgreSQL 14");
        MigrationSpec everyBatchFast = ParallelBackfillTest.spec(1, "Pages", 500, "1h");

        new OwnershipEngine(db.connector()).apply(everyBatchFast, MigrationListener.NONE);

        List<Long> batches = db.rows("SELECT rows FROM update_log WHERE NOT sweep AND rows > 0 ORDER BY id").stream()
                .map(r -> Long.parseLong(r.get(0))).toList();
        assertThat(batches).as("batches of more than one window").hasSizeGreaterThan(8);
        long largest = batches.get(0);
        for (long rows : batches) {
            assertThat(rows).as("a batch after batches of at most %d rows, in %s", largest, batches)
                    .isLessThanOrEqualTo(2 * largest);
            largest = Math.max(largest, rows);
        }
    }

    /**
     * Slices after the first start from the size the walk has learned, not from batchSize again. Here 8 slices of
     * 3,750 rows each: one starting at 100 rows a pass grows to windows of 100, 150 and 225 rows a pass before its
     * end, so only a slice starting from what others learned has passes of over 350 rows.
     */
    @Test
    void laterSlicesStartFromTheSizeTheWalkLearned() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "page order needs PostgreSQL 14");

        new OwnershipEngine(db.connector()).apply(ParallelBackfillTest.spec(2, "Pages", 100, "1h"),
                MigrationListener.NONE);

        assertThat(db.count("SELECT count(*) FROM update_log WHERE NOT sweep AND rows > 350"))
                .as("passes of slices that started from a learned size").isPositive();
    }

    private static String rowWalk(OwnershipEngine engine, String order) throws IOException {
        return engine.plan(ParallelBackfillTest.spec(1, order)).targets().stream()
                .filter(t -> t.target().equals("public.videos.user_id")).findFirst().orElseThrow().rowWalk();
    }

    @Test
    void aBackfillKilledMidWindowResumesAtItsPassInPageOrderWhateverTheSpecSaysNow() throws IOException {
        TestDatabase db = ParallelBackfillTest.seedWithUpdateLog();
        assumeTrue(db.serverVersion() >= 140000, "page order needs PostgreSQL 14");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener crashAfterTwoBatches = new CrashAfterBatches("videos.user_id", 2);
        assertThatThrownBy(() -> engine.apply(ParallelBackfillTest.spec(2, "Pages"), crashAfterTwoBatches))
                .isInstanceOf(ResumeTest.Crash.class);
        long filled = db.count("SELECT count(*) FROM videos WHERE user_id IS NOT NULL");
        assertThat(filled).isPositive().isLessThan(ParallelBackfillTest.VIDEOS);
        assertThat(db.rows("SELECT last_key FROM ownership_migration.backfill_checkpoint WHERE last_key LIKE '%:%'"))
                .as("a slice checkpointed in the middle of a window").isNotEmpty();

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
