package dev.ownership.engine;

import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A run that dies anywhere resumes: the next apply skips finished work and ends in the same state as an
 * uninterrupted run. "Dying" is an exception thrown from the progress listener at a step boundary or after
 * a committed batch, which abandons the run exactly as a crash would (the session is closed with it).
 */
@Tag("db")
class ResumeTest {
    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("simulated crash " + where);
        }
    }

    /** Throws at the n-th step boundary it sees (starts and finishes both count). */
    static final class CrashAtBoundary implements MigrationListener {
        private final int at;
        private int seen;
        final List<String> boundaries = new ArrayList<>();

        CrashAtBoundary(int at) {
            this.at = at;
        }

        @Override
        public void stepStarted(String target, String step) {
            boundary("before " + step + " of " + target);
        }

        @Override
        public void stepFinished(String target, String step, long rows, long millis) {
            boundary("after " + step + " of " + target);
        }

        private void boundary(String where) {
            boundaries.add(where);
            if (seen++ == at) {
                throw new Crash(where);
            }
        }
    }

    @Test
    void everyStepBoundaryIsASafePlaceToDie() {
        int boundaries = boundariesOfACleanRun();
        assertThat(boundaries).isGreaterThan(10);
        for (int at = 0; at < boundaries; at++) {
            TestDatabase db = Fixtures.seed1(500);
            OwnershipEngine engine = new OwnershipEngine(db.connector());
            MigrationSpec spec = Fixtures.spec("seed1.yaml");
            CrashAtBoundary crash = new CrashAtBoundary(at);

            assertThatThrownBy(() -> engine.apply(spec, crash)).isInstanceOf(Crash.class);
            RunResult resumed = engine.apply(spec, MigrationListener.NONE);

            assertThat(engine.verify(spec).ok()).as("verify after a crash at " + crash.boundaries.get(at)).isTrue();
            assertThat(resumed.steps().stream().filter(s -> !s.skipped()).count())
                    .as("resume re-runs only unfinished steps").isLessThan(resumed.steps().size());
            assertThat(db.count("SELECT count(*) FROM videos v JOIN bookmarks_lists l ON l.id = v.list_id"
                    + " WHERE v.user_id <> l.user_id")).isZero();
        }
    }

    private static int boundariesOfACleanRun() {
        TestDatabase db = Fixtures.seed1(500);
        CrashAtBoundary counter = new CrashAtBoundary(Integer.MAX_VALUE);
        new OwnershipEngine(db.connector()).apply(Fixtures.spec("seed1.yaml"), counter);
        return counter.boundaries.size();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void aBackfillResumesFromItsCheckpointWithoutRedoingBatches(int batchesBeforeCrash) {
        TestDatabase db = Fixtures.seed1(5_000);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = Fixtures.spec("seed1.yaml");
        MigrationListener crashMidBackfill = new CrashAfterBatches("videos.user_id", batchesBeforeCrash);

        assertThatThrownBy(() -> engine.apply(spec, crashMidBackfill)).isInstanceOf(Crash.class);
        long filledBeforeCrash = db.count("SELECT count(*) FROM videos WHERE user_id IS NOT NULL");
        String checkpoint = db.value("SELECT rows_done FROM ownership_migration.backfill_checkpoint c"
                + " JOIN ownership_migration.target t ON t.id = c.target_id WHERE t.table_name = 'videos'");
        assertThat(filledBeforeCrash).isPositive().isLessThan(5_000).isEqualTo(Long.parseLong(checkpoint));

        RunResult resumed = engine.apply(spec, MigrationListener.NONE);

        long backfilled = resumed.steps().stream()
                .filter(s -> s.target().endsWith("videos.user_id") && s.step().equals("backfill"))
                .mapToLong(RunResult.StepResult::rows).sum();
        assertThat(backfilled).as("rows the resumed backfill wrote").isEqualTo(5_000 - filledBeforeCrash);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @Test
    void anInvalidIndexLeftByAnInterruptedBuildIsDroppedAndRebuilt() {
        TestDatabase db = Fixtures.seed2();
        // a concurrent build that failed half-way leaves an INVALID index under our name
        assertThatThrownBy(() -> db.sql("CREATE UNIQUE INDEX CONCURRENTLY idx_album_media_user_id"
                + " ON album_media (user_id)")).hasMessageContaining("could not create unique index");
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_album_media_user_id'::regclass"))
                .isEqualTo("f");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(Fixtures.spec("seed2.yaml"), MigrationListener.NONE);

        assertThat(db.value("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_album_media_user_id'"))
                .isEqualTo("CREATE INDEX idx_album_media_user_id ON public.album_media USING btree (user_id)");
        assertThat(engine.verify(Fixtures.spec("seed2.yaml")).ok()).isTrue();
    }
}
