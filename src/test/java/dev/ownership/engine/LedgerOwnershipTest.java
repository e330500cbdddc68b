package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The ledger knows which migration made each owner column, and which value it wrote into each row. */
@Tag("db")
class LedgerOwnershipTest {
    private static final String LEDGER = "ownership_migration";

    /** Reproduces the bug: B reused A's ledger record, and reverting B dropped A's foreign key and index. */
    @Test
    void aSecondMigrationCannotTakeOverAnotherMigrationsTargetNorRevertIt() {
        TestDatabase db = Fixtures.seed2();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec a = Fixtures.spec("seed2.yaml");
        engine.apply(a, MigrationListener.NONE);
        MigrationSpec b = named("other-owner", "");
        String applied = Snapshot.of(db, null);

        assertThatThrownBy(() -> engine.apply(b, MigrationListener.NONE)).isInstanceOf(PreflightException.class)
                .isNotInstanceOf(PlanChangedException.class)
                .hasMessageContaining("spec.targets[0]: public.album_media.user_id belongs to migration media-owner");
        assertThatThrownBy(() -> engine.plan(b)).as("plan says so too").isInstanceOf(PreflightException.class)
                .hasMessageContaining("belongs to migration media-owner");
        assertThat(Snapshot.of(db, null)).as("refused before any change, the ledger included").isEqualTo(applied);

        Plan revertB = engine.planRevert(b);
        assertThat(revertB.targets().get(0).note()).contains("belongs to migration media-owner: left alone");
        assertThat(revertB.nothingToDo()).isTrue();
        String tables = Snapshot.of(db, LEDGER);
        engine.revert(b, MigrationListener.NONE);
        assertThat(Snapshot.of(db, LEDGER)).as("A's column, foreign key and index stay").isEqualTo(tables);
        assertThat(engine.verify(a).ok()).isTrue();
    }

    /** With metadata.namespace (as the operator passes it) a migration is namespace/name: same name, other owner. */
    @Test
    void theSameNameInAnotherNamespaceIsAnotherMigration() {
        TestDatabase db = Fixtures.seed2();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        engine.apply(named("media-owner", "team-a"), MigrationListener.NONE);

        assertThatThrownBy(() -> engine.apply(named("media-owner", "team-b"), MigrationListener.NONE))
                .hasMessageContaining("belongs to migration team-a/media-owner");
        assertThat(engine.apply(named("media-owner", "team-a"), MigrationListener.NONE).changedSomething()).isFalse();
    }

    @Test
    void revertGivesNullBackOnlyWhereTheValueIsStillTheOneTheMigratorWrote() {
        TestDatabase db = Fixtures.seed2(); // album_media: ids 5, 10, ... have owner 2; the rest are NULL
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationSpec spec = Fixtures.spec("seed2.yaml");
        engine.apply(spec, MigrationListener.NONE);
        db.sql("UPDATE album_media SET user_id = 2 WHERE id = 1"); // the application gives a filled row its owner

        engine.revert(spec, MigrationListener.NONE);

        assertThat(db.value("SELECT user_id FROM album_media WHERE id = 1")).as("the application's owner").isEqualTo("2");
        assertThat(db.count("SELECT count(*) FROM album_media WHERE id % 5 <> 0 AND id <> 1 AND user_id IS NOT NULL"))
                .as("other filled rows are NULL again").isZero();
        assertThat(db.count("SELECT count(*) FROM album_media WHERE id % 5 = 0 AND user_id = 2"))
                .as("rows that had an owner before keep it").isEqualTo(11);
    }

    @Test
    void withoutAKeyToRecordFilledRowsByThePlansSayRevertKeepsThem() {
        TestDatabase db = Fixtures.seed2();
        assumeTrue(db.serverVersion() >= 140000, "tables without a key are walked by ctid ranges from PostgreSQL 14 on");
        db.sql("CREATE TABLE loose (body text, user_id bigint); INSERT INTO loose VALUES ('a', NULL), ('b', 2)");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write(Fixtures.resource("seed2.yaml")
                .replace("    - table: video_segments", "    - table: loose\n      column: user_id\n    - table: video_segments")));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        assertThat(note(engine.plan(spec), "public.loose.user_id")).contains("revert keeps the owners the backfill writes");
        engine.apply(spec, MigrationListener.NONE);
        assertThat(note(engine.planRevert(spec), "public.loose.user_id")).contains("revert keeps the owners");
        engine.revert(spec, MigrationListener.NONE);
        assertThat(db.value("SELECT user_id FROM loose WHERE body = 'a'")).isEqualTo("1");
    }

    /** A ledger written before V2: plan reads it as it is; apply upgrades it, the target keeping its first run's migration. */
    @Test
    void targetsRecordedBeforeV2BelongToTheMigrationOfTheirFirstRun() {
        TestDatabase db = Fixtures.seed2();
        ledgerAt(db, "1");
        db.sql("INSERT INTO ownership_migration.run (migration, action, plan_hash) VALUES ('media-owner', 'apply', 'x');"
                + " INSERT INTO ownership_migration.target (table_schema, table_name, column_name, column_existed,"
                + " column_was_not_null, foreign_key_existed, index_existed, foreign_key_name, index_name, first_run)"
                + " SELECT 'public', 'album_media', 'user_id', true, false, false, false, 'fk_album_media_user_id',"
                + " 'idx_album_media_user_id', id FROM ownership_migration.run");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        assertThatThrownBy(() -> engine.plan(named("other-owner", ""))).isInstanceOf(PreflightException.class)
                .hasMessageContaining("belongs to migration media-owner");
        assertThat(db.count("SELECT count(*) FROM ownership_migration.flyway_schema_history WHERE version = '2'"))
                .as("plan upgrades nothing").isZero();
        engine.apply(named("media-owner", "apps"), MigrationListener.NONE);
        assertThat(db.value("SELECT migration FROM ownership_migration.target WHERE table_name = 'album_media'"))
                .as("the operator (namespace/name) goes on with what it recorded as name before V2")
                .isEqualTo("media-owner");
        assertThat(engine.verify(Fixtures.spec("seed2.yaml")).ok()).isTrue();
    }

    /**
     * Keys recorded a row each before V5 (an apply stopped after its backfill, by an older migrator): the upgrade
     * moves them into arrays, and revert gives exactly those rows their NULL back.
     */
    @Test
    void rowsRecordedBeforeV5GetTheirNullBackAfterTheUpgrade() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("CREATE TABLE users (id int PRIMARY KEY); INSERT INTO users VALUES (1), (2);"
                + " CREATE TABLE notes (id int PRIMARY KEY, user_id int);"
                + " INSERT INTO notes SELECT g, 1 FROM generate_series(1, 12000) g");
        ledgerAt(db, "4");
        // rows 1 to 11,000 filled (more than two arrays' worth), every third recorded without its value as before V2
        db.sql("INSERT INTO ownership_migration.run (migration, action, plan_hash) VALUES ('notes-owner', 'apply', 'x');"
                + " INSERT INTO ownership_migration.target (table_schema, table_name, column_name, column_existed,"
                + " column_was_not_null, foreign_key_existed, index_existed, foreign_key_name, index_name, first_run,"
                + " migration) SELECT 'public', 'notes', 'user_id', true, false, false, false, 'fk_notes_user_id',"
                + " 'idx_notes_user_id', id, 'notes-owner' FROM ownership_migration.run;"
                + " INSERT INTO ownership_migration.filled_key (target_id, key, value) SELECT t.id, g::text,"
                + " CASE WHEN g % 3 <> 0 THEN '1' END FROM ownership_migration.target t, generate_series(1, 11000) g;"
                + " UPDATE notes SET user_id = 2 WHERE id IN (10, 12)");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata:
                  name: notes-owner
                spec:
                  owner: {table: users, column: id}
                  defaultOwner: {value: "1"}
                  targets:
                    - {table: notes, column: user_id}
                """));

        new OwnershipEngine(db.connector()).revert(spec, MigrationListener.NONE);

        assertThat(db.count("SELECT count(*) FROM notes WHERE user_id IS NULL")).as("every recorded row but 10")
                .isEqualTo(10999);
        assertThat(db.value("SELECT string_agg(id || ':' || user_id, ',' ORDER BY id) FROM notes"
                + " WHERE user_id IS NOT NULL AND id <= 11000"))
                .as("10 was changed since its owner was recorded; 12 was recorded without a value").isEqualTo("10:2");
        assertThat(db.count("SELECT count(*) FROM notes WHERE id > 11000 AND user_id = 1")).as("not filled: kept")
                .isEqualTo(1000);
        assertThat(db.value("SELECT to_regclass('ownership_migration.filled_key')")).isNull();
    }

    private static String note(Plan plan, String target) {
        return plan.targets().stream().filter(t -> t.target().equals(target)).findFirst().orElseThrow().note().orElse("");
    }

    private static MigrationSpec named(String name, String namespace) {
        return MigrationDocumentReader.read(MigrationDocumentReaderTest.write(Fixtures.resource("seed2.yaml")
                .replace("  name: media-owner", "  name: " + name + (namespace.isEmpty() ? "" : "\n  namespace: " + namespace))));
    }

    /** The ledger as a migrator of that version left it. */
    private static void ledgerAt(TestDatabase db, String version) {
        Flyway.configure().dataSource(db.jdbcUrl(), "postgres", "").schemas(LEDGER).createSchemas(true)
                .locations("classpath:dev/ownership/ledger").target(version).load().migrate();
    }
}
