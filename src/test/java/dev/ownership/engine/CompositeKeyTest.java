package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Tables keyed by several columns (uuid, text in a collation, timestamptz, numeric) are walked in batches of
 * their key's index order; every row is filled exactly once, also across a crash; revert finds the filled rows.
 */
@Tag("db")
class CompositeKeyTest {
    static final int ROWS = 3000;

    /** A key whose text column orders differently in "C" than in a linguistic collation ('B' < 'a' only in C). */
    static final String EVENTS = """
            CREATE TABLE users (id int PRIMARY KEY);
            INSERT INTO users VALUES (1), (2);
            CREATE TABLE events (tenant uuid NOT NULL, name text COLLATE "C" NOT NULL, at timestamptz NOT NULL,
                                 seq numeric NOT NULL, payload text, user_id int,
                                 PRIMARY KEY (tenant, name, at, seq));
            INSERT INTO events SELECT ('0000000' || (g %% 3) || '-0000-0000-0000-000000000000')::uuid,
                   (ARRAY['a', 'B', 'b', 'A', '_x', 'Z', 'é', 'e'])[g %% 8 + 1] || (g %% 5),
                   timestamptz '2024-03-31 00:30+00' + (g %% 7) * interval '95 minutes', g / 10.0, md5(g::text),
                   CASE WHEN g %% 4 = 0 THEN 2 END
              FROM generate_series(1, %d) g;
            """.formatted(ROWS);

    /** Every update of an events row, by key: each filled row must appear exactly once. */
    static final String HITS = """
            CREATE TABLE hits (k text NOT NULL);
            CREATE FUNCTION hit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
              INSERT INTO hits VALUES (NEW.tenant || '/' || NEW.name || '/' || NEW.at || '/' || NEW.seq); RETURN NEW;
            END $$;
            CREATE TRIGGER hit AFTER UPDATE ON events FOR EACH ROW EXECUTE FUNCTION hit();
            """;

    /** In key order, which this class is about; PostgreSQL 14+ walks pages unless told. */
    static MigrationSpec spec(String table, String column) {
        return spec(table, column, 1);
    }

    static MigrationSpec spec(String table, String column, int parallelism) {
        return spec(table, column, parallelism, "Key");
    }

    static MigrationSpec spec(String table, String column, int parallelism, String order) {
        return MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: composite}
                spec:
                  owner: {table: users}
                  defaultOwner: {value: "1"}
                  targets: [{table: %s, column: %s}]
                  execution: {batchSize: 150, targetBatchTime: 0s, parallelism: %d, backfillOrder: %s}
                """.formatted(table, column, parallelism, order)));
    }

    static void assertEveryNullRowFilledOnce(TestDatabase db) {
        assertThat(db.count("SELECT count(*) FROM events WHERE user_id IS NULL")).isZero();
        assertThat(db.count("SELECT count(*) FROM hits")).isEqualTo(ROWS - ROWS / 4);
        assertThat(db.count("SELECT count(DISTINCT k) FROM hits")).isEqualTo(ROWS - ROWS / 4);
        assertThat(db.count("SELECT count(*) FROM events WHERE user_id = 2")).isEqualTo(ROWS / 4);
    }

    @Test
    void aCompositePrimaryKeyIsWalkedInBatchesAndEveryRowFilledOnce() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(EVENTS + HITS);
        MigrationSpec spec = spec("events", "user_id");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        Plan.TargetPlan plan = engine.plan(spec).targets().get(0);
        assertThat(plan.rowWalk()).isEqualTo("key ranges on tenant, name, at, seq");
        assertThat(plan.sampleOrphans()).hasSize(5).allSatisfy(s -> assertThat(s).matches("tenant=.*, name=.*, at=.*, seq=.*"));
        assertThat(plan.steps().stream().filter(s -> s.name().equals("backfill")).findFirst().orElseThrow().sql()
                .get(1)).contains("(ownership_locked.\"tenant\", ownership_locked.\"name\" COLLATE \"pg_catalog\".\"C\","
                + " ownership_locked.\"at\", ownership_locked.\"seq\") > (CAST(? AS uuid), CAST(? AS text),"
                + " CAST(? AS timestamp with time zone), CAST(? AS numeric))");

        engine.apply(spec, MigrationListener.NONE);

        assertEveryNullRowFilledOnce(db);
        assertThat(db.count("SELECT batches FROM ownership_migration.backfill_checkpoint")).isGreaterThan(5);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @Test
    void parallelSessionsFillSlicesOfACompositeKeyEachRowOnce() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(EVENTS + HITS + "ANALYZE events;");
        MigrationSpec spec = spec("events", "user_id", 2);
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(spec, MigrationListener.NONE);

        assertEveryNullRowFilledOnce(db);
        assertThat(db.count("SELECT count(*) FROM ownership_migration.backfill_checkpoint")).as("slices").isGreaterThan(1);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @Test
    void aCrashMidTableResumesWithoutFillingARowTwice() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(EVENTS + HITS);
        MigrationSpec spec = spec("events", "user_id");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener crashAfterThreeBatches = new CrashAfterBatches("", 3);

        assertThatThrownBy(() -> engine.apply(spec, crashAfterThreeBatches)).isInstanceOf(ResumeTest.Crash.class);
        long filledBeforeCrash = db.count("SELECT count(*) FROM hits");
        assertThat(filledBeforeCrash).isPositive().isLessThan(ROWS / 2)
                .isEqualTo(db.count("SELECT rows_done FROM ownership_migration.backfill_checkpoint"));
        assertThat(db.value("SELECT last_key FROM ownership_migration.backfill_checkpoint"))
                .as("a composite position is a JSON array of the columns' texts").startsWith("[\"00000000-");
        engine.apply(spec, MigrationListener.NONE);

        assertEveryNullRowFilledOnce(db);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Key", "Pages"})
    void revertGivesTheFilledRowsOfACompositeKeyTheirNullBack(String order) {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql(EVENTS);
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = spec("events", "user_id", 1, order);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        engine.apply(spec, MigrationListener.NONE);
        assertThat(db.count("SELECT sum(cardinality(keys)) FROM ownership_migration.filled_batch")).isEqualTo(ROWS - ROWS / 4);

        engine.revert(spec, MigrationListener.NONE);

        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Key", "Pages"})
    void revertFindsTheFilledRowsOfAPartitionedTableByItsCompositeKey(String order) {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("""
                CREATE TABLE users (id int PRIMARY KEY);
                INSERT INTO users VALUES (1), (2);
                CREATE TABLE readings (sensor text NOT NULL, at timestamptz NOT NULL, value numeric, user_id int,
                                       PRIMARY KEY (sensor, at)) PARTITION BY RANGE (at);
                CREATE TABLE readings_a PARTITION OF readings FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
                CREATE TABLE readings_b PARTITION OF readings FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
                INSERT INTO readings SELECT 's' || (g % 7), timestamptz '2024-01-01' + g * interval '17 minutes', g,
                       CASE WHEN g % 5 = 0 THEN 2 END FROM generate_series(1, 4000) g;
                """);
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = spec("readings", "user_id", 1, order);
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        String walk = order.equals("Pages") && db.serverVersion() >= 140000
                ? "ctid page windows in 8 passes, rows named by sensor, at" : "key ranges on sensor, at";
        assertThat(engine.plan(spec).targets().get(0).rowWalk()).isEqualTo("2 partitions, one after the other:"
                + " public.readings_a (" + walk + "), public.readings_b (" + walk + ")");

        engine.apply(spec, MigrationListener.NONE);
        assertThat(db.count("SELECT count(*) FROM readings WHERE user_id = 1")).isEqualTo(3200);
        assertThat(db.count("SELECT sum(cardinality(keys)) FROM ownership_migration.filled_batch")).isEqualTo(3200);
        engine.revert(spec, MigrationListener.NONE);

        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    @Test
    void aUniqueIndexInAnotherCollationThanItsColumnIsWalkedInTheIndexsOrder() {
        TestDatabase db = PostgresServer.newDatabase();
        String collation = db.value("SELECT collname FROM pg_collation WHERE collname IN ('en-x-icu', 'en_US.utf8',"
                + " 'en_US', 'und-x-icu') ORDER BY collname LIMIT 1");
        assumeTrue(collation != null, "the server has a linguistic collation");
        db.sql("""
                CREATE TABLE users (id int PRIMARY KEY);
                INSERT INTO users VALUES (1);
                CREATE TABLE notes (title text COLLATE "C" NOT NULL, version int NOT NULL, body text, user_id int);
                CREATE UNIQUE INDEX notes_key ON notes (title COLLATE "%s", version);
                INSERT INTO notes SELECT (ARRAY['a', 'B', 'b', 'A', '_x', 'Z', 'é', 'e'])[g %% 8 + 1] || (g %% 97),
                       g %% 3, md5(g::text) FROM generate_series(1, 2000) g;
                """.formatted(collation));
        MigrationSpec spec = spec("notes", "user_id");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        assertThat(engine.plan(spec).targets().get(0).steps().stream().filter(s -> s.name().equals("backfill"))
                .findFirst().orElseThrow().sql().get(1)).contains("\"title\" COLLATE \"pg_catalog\".\"" + collation + "\"");

        engine.apply(spec, MigrationListener.NONE);

        assertThat(db.count("SELECT count(*) FROM notes WHERE user_id = 1")).isEqualTo(2000);
        assertThat(db.count("SELECT batches FROM ownership_migration.backfill_checkpoint")).isGreaterThan(5);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    @Test
    void aTableWithoutKeyOnPostgres13IsRefusedOnlineWithWhatToAddAndFilledOffline() {
        TestDatabase db = PostgresServer.newDatabase();
        assumeTrue(db.serverVersion() < 140000, "PostgreSQL 13 has no TID Range Scan");
        db.sql("""
                CREATE TABLE users (id int PRIMARY KEY);
                INSERT INTO users VALUES (1);
                CREATE TABLE logs (line text, seen int NOT NULL, user_id int);
                CREATE UNIQUE INDEX logs_line ON logs (line, seen);
                INSERT INTO logs SELECT md5(g::text), g FROM generate_series(1, 500) g;
                """);
        String before = Snapshot.of(db, "ownership_migration");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        assertThatThrownBy(() -> engine.apply(spec("logs", "user_id"), MigrationListener.NONE))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("spec.targets[0].table: public.logs has no primary key or plain unique index on"
                        + " NOT NULL columns")
                .hasMessageContaining("add a primary key (or a unique index on NOT NULL columns) to public.logs,"
                        + " upgrade to PostgreSQL 14+, or set spec.execution.mode: Offline");
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);

        MigrationSpec offline = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: keyless}
                spec:
                  owner: {table: users}
                  defaultOwner: {value: "1"}
                  targets: [{table: logs, column: user_id}]
                  execution: {mode: Offline}
                """));
        engine.apply(offline, MigrationListener.NONE);
        assertThat(db.count("SELECT count(*) FROM logs WHERE user_id = 1")).isEqualTo(500);
    }
}
