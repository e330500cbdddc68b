package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Both seed scenarios end to end against real PostgreSQL. */
@Tag("db")
class SeedScenariosTest {
    static final String LEDGER = Settings.DEFAULT_LEDGER_SCHEMA;

    @Test
    void seed1GivesEveryVideoTheOwnerOfItsListAndOrphanListsTheDefaultOwner() {
        TestDatabase db = Fixtures.seed1(3_000);
        String before = Snapshot.of(db, LEDGER);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = Fixtures.spec("seed1.yaml");

        RunResult result = engine.apply(spec, MigrationListener.NONE);

        assertThat(result.changedSomething()).isTrue();
        VerifyReport report = engine.verify(spec);
        assertThat(report.ok()).as(report.toString()).isTrue();
        assertThat(db.count("SELECT count(*) FROM videos v JOIN bookmarks_lists l ON l.id = v.list_id"
                + " WHERE v.user_id <> l.user_id")).isZero();
        assertThat(db.count("SELECT count(*) FROM bookmarks_lists l JOIN users u ON u.id = l.user_id"
                + " WHERE u.email = 'alice@example.com'")).isEqualTo(10);
        assertThat(db.count("SELECT count(*) FROM bookmarks_lists l JOIN users u ON u.id = l.user_id"
                + " WHERE u.email = 'test@example.com'")).isEqualTo(20);
        assertThat(db.value("SELECT confdeltype FROM pg_constraint WHERE conname = 'fk_videos_user_id'")).isEqualTo("c");
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_videos_user_id'::regclass"))
                .isEqualTo("t");
        assertThat(db.count("SELECT count(*) FROM pg_trigger WHERE tgname LIKE 'ownership_fill_%'")).isZero();

        RunResult again = engine.apply(spec, MigrationListener.NONE);
        assertThat(again.changedSomething()).as("second apply").isFalse();
        assertThat(engine.plan(spec).nothingToDo()).isTrue();

        engine.revert(spec, MigrationListener.NONE);
        assertThat(Snapshot.of(db, LEDGER)).isEqualTo(before);
        assertThat(engine.planRevert(spec).nothingToDo()).as("revert twice is a no-op").isTrue();
    }

    @Test
    void deletingAnOwnerCascadesToItsRows() {
        TestDatabase db = Fixtures.seed1(300);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        engine.apply(Fixtures.spec("seed1.yaml"), MigrationListener.NONE);
        long alices = db.count("SELECT count(*) FROM videos v JOIN users u ON u.id = v.user_id"
                + " WHERE u.email = 'alice@example.com'");
        assertThat(alices).isPositive();

        long total = db.count("SELECT count(*) FROM videos");
        db.sql("DELETE FROM users WHERE email = 'alice@example.com'");

        assertThat(db.count("SELECT count(*) FROM videos")).isEqualTo(total - alices);
    }

    @Test
    void seed2FillsOnlyNullOwnersAndRevertGivesThemTheirNullBack() {
        TestDatabase db = Fixtures.seed2();
        String before = Snapshot.of(db, LEDGER);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = Fixtures.spec("seed2.yaml");

        Plan plan = engine.plan(spec);
        assertThat(plan.skipped()).singleElement().asString().contains("video_segments");
        assertThat(plan.targets()).extracting(Plan.TargetPlan::rowsToBackfill).containsExactly(46L, 15L);
        RunResult result = engine.apply(spec, MigrationListener.NONE);

        assertThat(result.skipped()).hasSize(1);
        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.rows("SELECT user_id, count(*) FROM album_media GROUP BY 1 ORDER BY 1").toString())
                .isEqualTo("[[1, 46], [2, 11]]");
        assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'album_media'"
                + " AND column_name = 'user_id'")).isEqualTo("NO");

        engine.revert(spec, MigrationListener.NONE);
        assertThat(Snapshot.of(db, LEDGER)).isEqualTo(before);
    }

    @Test
    void offlineModeRunsThePlainSequenceToTheSameEndState() {
        TestDatabase db = Fixtures.seed2();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec online = Fixtures.spec("seed2.yaml");
        Settings s = online.settings();
        MigrationSpec offline = new MigrationSpec(online.name(), online.owner(), online.defaultOwner(), online.targets(),
                new Settings(Mode.OFFLINE, s.batchSize(), s.targetBatchTime(), s.pauseBetweenBatches(), s.lockTimeout(),
                        s.backgroundLockTimeout(), s.lockRetries(), s.ledgerSchema(), false, s.pace(),
                        s.walkOrder()));

        assertThat(engine.plan(offline).targets().get(0).steps()).extracting(Plan.PlannedStep::name)
                .containsExactly("add-column", "backfill", "set-not-null", "add-foreign-key", "create-index",
                        "drop-fill-trigger");
        engine.apply(offline, MigrationListener.NONE);

        assertThat(engine.verify(online).ok()).isTrue();
        assertThat(db.value("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_album_media_user_id'"))
                .contains("(user_id)");
    }

    @Test
    void withoutDefaultOwnerAColumnThatIsAlreadyFullNeedsNoBackfill() {
        TestDatabase db = Fixtures.seed2();
        db.sql("UPDATE album_media SET user_id = 2 WHERE user_id IS NULL");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write(Fixtures.resource("seed2.yaml")
                .replace("  defaultOwner:\n    value: \"1\"\n", "")
                .replace("    - table: query_embedding_cache\n      column: user_id\n", "")));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        assertThat(engine.plan(spec).targets().get(0).steps()).extracting(Plan.PlannedStep::name)
                .doesNotContain("create-fill-trigger", "backfill");
        engine.apply(spec, MigrationListener.NONE);

        assertThat(engine.verify(spec).ok()).isTrue();
    }
}
