package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A partitioned target (events by month, 12 partitions at three levels) gets its owner column, index, foreign
 * key and NOT NULL partition by partition, while the application writes; a crash resumes with the partitions
 * left; revert gives back the database as it was.
 */
@Tag("db")
class PartitionedTablesTest {
    static final int ROWS = 3_000;
    static final String MISMATCHED = "SELECT count(*) FROM events e JOIN streams s ON s.id = e.stream_id"
            + " WHERE e.user_id IS DISTINCT FROM coalesce(s.user_id, (SELECT id FROM users WHERE email = 'test@example.com'))";

    @Test
    void applyVerifyAndRevertWhileTheApplicationWrites() throws Exception {
        TestDatabase db = Fixtures.partitioned(ROWS);
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = Fixtures.spec("partitioned.yaml");
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        Plan plan = engine.plan(spec);
        Plan.TargetPlan events = plan.targets().stream().filter(t -> t.target().equals("public.events.user_id"))
                .findFirst().orElseThrow();
        assertThat(events.rowWalk()).as("Auto").startsWith("12 partitions, one after the other: public.events_2023 ("
                + (db.serverVersion() >= 140000 ? "ctid page windows in 8 passes, rows named by id, created_at)"
                : "key ranges on id, created_at)"));
        assertThat(events.steps().stream().filter(s -> s.name().equals("create-index")).findFirst().orElseThrow().sql())
                .contains("CREATE INDEX IF NOT EXISTS \"idx_events_user_id\" ON ONLY \"public\".\"events\" (\"user_id\")",
                        "CREATE INDEX CONCURRENTLY \"idx_events_user_id_events_2024_03\" ON \"public\".\"events_2024_03\" (\"user_id\")",
                        "ALTER INDEX \"public\".\"idx_events_user_id_events_2024\" ATTACH PARTITION"
                                + " \"public\".\"idx_events_user_id_events_2024_03\"");

        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong writes = new AtomicLong();
        CompletableFuture<Void> app = CompletableFuture.runAsync(() -> {
            try (Connection c = db.connect(); Statement st = c.createStatement()) {
                while (running.get()) {
                    // rows that name no owner, in every partition, and updates of existing rows
                    st.execute("INSERT INTO events (created_at, stream_id, payload) SELECT timestamptz '2023-01-01'"
                            + " + random() * interval '729 days', 1 + (random() * 49)::int, 'live'");
                    st.execute("UPDATE events SET payload = payload WHERE id = 77 AND created_at = timestamptz '2023-01-01'"
                            + " + 77 * interval '1 day'");
                    writes.addAndGet(2);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        // the application names no owner: it stops before the fill trigger goes (OnlineSafetyTest says why)
        engine.apply(spec, new MigrationListener() {
            @Override
            public void stepStarted(String target, String step) {
                if (step.equals("drop-fill-trigger") && target.endsWith("events.user_id")) {
                    running.set(false);
                    app.join();
                }
            }
        });

        assertThat(writes.get()).isPositive();
        assertThat(db.count("SELECT count(*) FROM events WHERE payload = 'live'")).isPositive();
        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.count(MISMATCHED)).isZero();
        assertPartitionedOwnership(db);
        assertThat(engine.plan(spec).nothingToDo()).isTrue();

        engine.revert(spec, MigrationListener.NONE);
        db.sql("DELETE FROM events WHERE payload = 'live'");
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    /** Every partition: the index attached, the key adopted and validated, NOT NULL, no temporary CHECK left. */
    private static void assertPartitionedOwnership(TestDatabase db) {
        String leaves = "SELECT relid FROM pg_partition_tree('events') WHERE isleaf";
        assertThat(db.count("SELECT count(*) FROM (" + leaves + ") l")).isEqualTo(12);
        assertThat(db.count("SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid"
                + " WHERE i.indisvalid AND i.indrelid IN (" + leaves + ")"
                + " AND i.indexrelid::regclass::text LIKE 'idx_events_user_id_%'")).isEqualTo(12);
        assertThat(db.value("SELECT indisvalid FROM pg_index WHERE indexrelid = 'idx_events_user_id'::regclass"))
                .isEqualTo("t");
        assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE contype = 'f' AND convalidated"
                + " AND conname = 'fk_events_user_id' AND conparentid <> 0 AND conrelid IN (" + leaves + ")"))
                .isEqualTo(12);
        assertThat(db.count("SELECT count(*) FROM pg_attribute WHERE attname = 'user_id' AND attnotnull"
                + " AND attrelid IN (" + leaves + ")")).isEqualTo(12);
        // PostgreSQL 18 keeps its NOT NULL constraint by that name (contype 'n'); the CHECKs of 13 to 17 go
        assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname LIKE 'chk_%' AND contype = 'c'")).isZero();
    }

    @Test
    void resumesWithThePartitionsLeftAfterACrashInThePerPartitionIndexBuilds() {
        TestDatabase db = Fixtures.partitioned(ROWS);
        MigrationSpec spec = Fixtures.spec("partitioned.yaml");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        assertThatThrownBy(() -> engine.apply(spec, crashBefore("create-index"))).isInstanceOf(Crash.class);
        // what a run killed half-way leaves: two partitions built and attached, one build interrupted (INVALID)
        db.sql("CREATE INDEX idx_events_user_id ON ONLY events (user_id);"
                + " CREATE INDEX idx_events_user_id_events_2024 ON ONLY events_2024 (user_id);"
                + " ALTER INDEX idx_events_user_id ATTACH PARTITION idx_events_user_id_events_2024");
        db.sql("CREATE INDEX CONCURRENTLY idx_events_user_id_events_2023 ON events_2023 (user_id)");
        db.sql("ALTER INDEX idx_events_user_id ATTACH PARTITION idx_events_user_id_events_2023");
        db.sql("CREATE INDEX CONCURRENTLY idx_events_user_id_events_2024_01 ON events_2024_01 (user_id)");
        db.sql("ALTER INDEX idx_events_user_id_events_2024 ATTACH PARTITION idx_events_user_id_events_2024_01");
        assertThatThrownBy(() -> db.sql("CREATE UNIQUE INDEX CONCURRENTLY idx_events_user_id_events_2024_02"
                + " ON events_2024_02 (user_id)")).hasMessageContaining("could not create unique index");
        String built = "SELECT string_agg(indexrelid::text, ',' ORDER BY indexrelid) FROM pg_index"
                + " WHERE indexrelid IN ('idx_events_user_id_events_2023'::regclass,"
                + " 'idx_events_user_id_events_2024_01'::regclass)";
        String builtBefore = db.value(built);

        engine.apply(spec, MigrationListener.NONE);

        assertThat(db.value(built)).as("partitions built before the crash are kept").isEqualTo(builtBefore);
        assertThat(db.value("SELECT indexdef FROM pg_indexes WHERE indexname = 'idx_events_user_id_events_2024_02'"))
                .isEqualTo("CREATE INDEX idx_events_user_id_events_2024_02 ON public.events_2024_02 USING btree (user_id)");
        assertThat(engine.verify(spec).ok()).isTrue();
        assertPartitionedOwnership(db);
    }

    @Test
    void resumesWithThePartitionsLeftAfterACrashInThePerPartitionValidation() {
        TestDatabase db = Fixtures.partitioned(ROWS);
        MigrationSpec spec = Fixtures.spec("partitioned.yaml");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        assertThatThrownBy(() -> engine.apply(spec, crashBefore("validate-foreign-key"))).isInstanceOf(Crash.class);
        // a run killed after validating two partitions' keys
        db.sql("ALTER TABLE events_2023 VALIDATE CONSTRAINT fk_events_user_id;"
                + " ALTER TABLE events_2024_01 VALIDATE CONSTRAINT fk_events_user_id");
        assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conname = 'fk_events_user_id'"
                + " AND NOT convalidated AND conrelid IN (SELECT relid FROM pg_partition_tree('events') WHERE isleaf)"))
                .isEqualTo(10);

        engine.apply(spec, MigrationListener.NONE);

        assertThat(engine.verify(spec).ok()).isTrue();
        assertPartitionedOwnership(db);
    }

    /**
     * PostgreSQL 13 to 17: the table's own key adopts its partitions' validated keys and reads none of them, so its
     * SHARE ROW EXCLUSIVE lock lasts milliseconds. The reads are counted in pg_stat_xact_user_tables, the statement's
     * own transaction's; without the partitions' keys the same statement reads every partition.
     */
    @Test
    void theTablesForeignKeyAdoptsThePartitionsValidatedKeysWithoutReadingThem() throws SQLException {
        TestDatabase db = Fixtures.partitioned(ROWS);
        assumeTrue(db.serverVersion() < 180000, "PostgreSQL 18 adds the key to the table NOT VALID instead");
        MigrationSpec spec = Fixtures.spec("partitioned.yaml");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        List<String> validation = engine.plan(spec).targets().stream().filter(t -> t.target().equals("public.events.user_id"))
                .findFirst().orElseThrow().steps().stream().filter(s -> s.name().equals("validate-foreign-key"))
                .findFirst().orElseThrow().sql();
        String adopt = validation.get(validation.size() - 1);
        assertThat(adopt).startsWith("ALTER TABLE \"public\".\"events\" ADD CONSTRAINT").doesNotContain("NOT VALID");
        assertThatThrownBy(() -> engine.apply(spec, crashBefore("validate-foreign-key"))).isInstanceOf(Crash.class);
        List<String> dropPartitionKeys = db.rows("SELECT relid::regclass FROM pg_partition_tree('events') WHERE isleaf")
                .stream().map(r -> "ALTER TABLE " + r.get(0) + " DROP CONSTRAINT IF EXISTS fk_events_user_id").toList();
        assertThat(partitionReadsIn(db, dropPartitionKeys, adopt)).as("the same statement without the partitions' keys")
                .isPositive();

        validation.subList(0, validation.size() - 1).forEach(db::sql);

        assertThat(partitionReadsIn(db, List.of(), adopt)).isZero();
        engine.apply(spec, MigrationListener.NONE);
        assertThat(engine.verify(spec).ok()).isTrue();
    }

    /** Scans of the partitions of events by these statements, in one transaction that is rolled back. */
    private static long partitionReadsIn(TestDatabase db, List<String> before, String statement) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            c.setAutoCommit(false);
            for (String sql : before) {
                st.execute(sql);
            }
            st.execute(statement);
            try (ResultSet rs = st.executeQuery("SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0)"
                    + " FROM pg_stat_xact_user_tables WHERE relid IN (SELECT relid FROM pg_partition_tree('events')"
                    + " WHERE isleaf)")) {
                rs.next();
                long reads = rs.getLong(1);
                c.rollback();
                return reads;
            }
        }
    }

    /** The sweep fills a partition attached during the backfill, and the trigger on the table fills its new rows. */
    @Test
    void aPartitionAttachedDuringTheRunGetsItsOwners() {
        TestDatabase db = Fixtures.partitioned(ROWS);
        MigrationSpec spec = Fixtures.spec("partitioned.yaml");
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        engine.apply(spec, new MigrationListener() {
            boolean attached;

            @Override
            public void backfillProgress(String target, long rowsDone, long rowsTotal) {
                if (!attached && target.endsWith("events.user_id")) {
                    attached = true;
                    db.sql("CREATE TABLE events_2025_01 (LIKE events INCLUDING DEFAULTS);"
                            + " INSERT INTO events_2025_01 (id, created_at, stream_id, payload) SELECT 100000 + g,"
                            + " timestamptz '2025-01-01' + g * interval '1 hour', 1 + g % 50, 'attached'"
                            + " FROM generate_series(1, 200) g;"
                            + " ALTER TABLE events ATTACH PARTITION events_2025_01"
                            + " FOR VALUES FROM ('2025-01-01') TO ('2025-02-01');"
                            + " INSERT INTO events (created_at, stream_id, payload) VALUES ('2025-01-20', 3, 'new')");
                }
            }
        });

        assertThat(db.count("SELECT count(*) FROM events_2025_01 WHERE user_id IS NULL")).isZero();
        assertThat(db.count("SELECT count(*) FROM events_2025_01 WHERE payload = 'new'")).isEqualTo(1);
        assertThat(db.count(MISMATCHED)).isZero();
        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.count("SELECT count(*) FROM pg_index i JOIN pg_inherits h ON h.inhrelid = i.indexrelid"
                + " WHERE i.indrelid = 'events_2025_01'::regclass AND i.indisvalid")).as("its index attached")
                .isPositive();
    }

    /** A partitioned owner table works where PostgreSQL allows it: partitioned by the owner key. */
    @Test
    void aBackfillKilledMidWayAtParallelismTwoResumesEachPartitionWhereItStopped() throws Exception {
        TestDatabase db = Fixtures.partitioned(ROWS);
        db.sql("""
                ALTER TABLE events ADD COLUMN touches integer NOT NULL DEFAULT 0;
                CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN NEW.touches := OLD.touches + 1; RETURN NEW; END $$;
                CREATE TRIGGER touch BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION touch();
                """);
        MigrationSpec spec = twoSessionsSmallBatches();
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        MigrationListener killAfterEightBatches = new CrashAfterBatches("events.user_id", 8);

        assertThatThrownBy(() -> engine.apply(spec, killAfterEightBatches)).isInstanceOf(ResumeTest.Crash.class);

        String slices = " FROM ownership_migration.backfill_checkpoint c JOIN ownership_migration.target t"
                + " ON t.id = c.target_id WHERE t.table_name = 'events'";
        assertThat(db.count("SELECT count(DISTINCT relation)" + slices)).as("partitions with slices").isEqualTo(12);
        assertThat(db.rows("SELECT relation, count(*)" + slices + " GROUP BY relation HAVING count(*) > 1"))
                .as("cut by their share of 2 sessions' 8 slices: only 2023, which holds half the rows")
                .containsExactly(List.of("\"public\".\"events_2023\"", "4"));
        long filled = db.count("SELECT count(*) FROM events WHERE user_id IS NOT NULL");
        assertThat(filled).isPositive().isLessThan(ROWS).isEqualTo(db.count("SELECT sum(rows_done)" + slices));

        engine.apply(spec, MigrationListener.NONE);

        assertThat(db.count("SELECT count(*) FROM events WHERE touches <> 1")).as("rows not updated exactly once")
                .isZero();
        assertThat(db.count(MISMATCHED)).isZero();
        assertThat(engine.verify(spec).ok()).isTrue();
        assertPartitionedOwnership(db);
    }

    /** partitioned.yaml walked by two sessions in batches of 100 rows. */
    private static MigrationSpec twoSessionsSmallBatches() throws IOException {
        Path file = Files.createTempFile("partitioned-parallel", ".yaml");
        Files.writeString(file, Fixtures.resource("partitioned.yaml").replace("batchSize: 300",
                "batchSize: 100\n    targetBatchTime: 0s\n    parallelism: 2"));
        return MigrationDocumentReader.read(file);
    }

    /** The progress names the partitions the sessions walk and counts those done up to all that hold rows. */
    @Test
    void theProgressNamesThePartitionsWalkedAndCountsThoseDone() throws Exception {
        TestDatabase db = Fixtures.partitioned(ROWS);
        List<BackfillProgress> events = new ArrayList<>();
        List<BackfillProgress> plain = new ArrayList<>();
        new OwnershipEngine(db.connector()).apply(twoSessionsSmallBatches(), new MigrationListener() {
            @Override
            public void backfillProgress(String target, BackfillProgress progress) {
                (target.endsWith("events.user_id") ? events : plain).add(progress);
            }
        });

        List<String> leaves = List.of(db.value("SELECT string_agg(relid::regclass::text, ',')"
                + " FROM pg_partition_tree('events') WHERE isleaf").split(","));
        assertThat(leaves).hasSize(12);
        assertThat(events).isNotEmpty().allSatisfy(e -> {
            assertThat(e.partitions()).isPresent();
            assertThat(e.partitions().get().total()).isEqualTo(12);
            assertThat(leaves).containsAll(e.partitions().get().walking());
        });
        assertThat(events.stream().flatMap(e -> e.partitions().get().walking().stream()).distinct())
                .as("every partition holding rows is named while it is walked").containsExactlyInAnyOrderElementsOf(leaves);
        assertThat(events.stream().map(e -> e.partitions().get().done()).toList()).isSorted();
        assertThat(events.get(events.size() - 1).partitions().get().text()).isEqualTo("12 of 12 partitions done");
        assertThat(plain).as("streams is a plain table").isNotEmpty().allSatisfy(e -> assertThat(e.partitions()).isEmpty());
    }

    @Test
    void aPartitionedOwnerTable() {
        TestDatabase db = Fixtures.partitioned(100);
        db.sql("CREATE TABLE accounts (id bigint PRIMARY KEY, email text NOT NULL) PARTITION BY HASH (id);"
                + " CREATE TABLE accounts_0 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 0);"
                + " CREATE TABLE accounts_1 PARTITION OF accounts FOR VALUES WITH (MODULUS 2, REMAINDER 1);"
                + " INSERT INTO accounts SELECT g, 'a' || g || '@example.com' FROM generate_series(1, 10) g;"
                + " CREATE TABLE notes (id bigserial PRIMARY KEY, body text);"
                + " INSERT INTO notes (body) SELECT 'note ' || g FROM generate_series(1, 500) g;"
                + " ALTER TABLE notes ADD COLUMN account_id bigint; UPDATE notes SET account_id = 1 + id % 10"
                + " WHERE id % 3 = 0");
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: notes-owner}
                spec:
                  owner: {table: accounts}
                  defaultOwner: {column: email, value: a7@example.com}
                  targets: [{table: notes, column: account_id, onDelete: Cascade}]
                  execution: {batchSize: 100}
                """));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(spec, MigrationListener.NONE);

        assertThat(engine.verify(spec).ok()).isTrue();
        // 334 notes without owner get the default; 17 had account 7 already (id % 30 = 6)
        assertThat(db.count("SELECT count(*) FROM notes WHERE account_id = 7")).isEqualTo(334 + 17);
        assertThat(db.value("SELECT confrelid::regclass FROM pg_constraint WHERE conname = 'fk_notes_account_id'"
                + " AND convalidated")).isEqualTo("accounts");
        engine.revert(spec, MigrationListener.NONE);
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    static final class Crash extends RuntimeException {
        Crash(String where) {
            super("simulated crash before " + where);
        }
    }

    private static MigrationListener crashBefore(String step) {
        return new MigrationListener() {
            @Override
            public void stepStarted(String target, String s) {
                if (s.equals(step) && target.endsWith("events.user_id")) {
                    throw new Crash(s);
                }
            }
        };
    }
}
