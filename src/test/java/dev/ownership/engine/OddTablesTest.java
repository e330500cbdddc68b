package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Names PostgreSQL stores with mixed case, spaces, quotes and dots; tables without a key. */
@Tag("db")
class OddTablesTest {

    @Test
    void mixedCaseSpacesAndQuotesInEveryName() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("""
                CREATE SCHEMA "My Schema";
                CREATE TABLE "My Schema"."Acc""ounts" ("Acc ID" bigint PRIMARY KEY, "E-Mail" text UNIQUE);
                INSERT INTO "My Schema"."Acc""ounts" VALUES (7, 'root@x'), (8, 'eve@x');
                CREATE TABLE "My Schema"."Folder.Items" (id int PRIMARY KEY, "Owner Id" bigint);
                INSERT INTO "My Schema"."Folder.Items" SELECT g, CASE WHEN g % 2 = 0 THEN 8 END FROM generate_series(1, 50) g;
                CREATE TABLE "Video Items" ("Key" text PRIMARY KEY, "Folder" int REFERENCES "My Schema"."Folder.Items" (id));
                INSERT INTO "Video Items" SELECT 'k' || g, g % 50 + 1 FROM generate_series(1, 200) g;
                """);
        String before = Snapshot.of(db, "ownership_migration");
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: odd}
                spec:
                  owner: {table: 'My Schema.Acc"ounts'}
                  defaultOwner: {column: E-Mail, value: root@x}
                  targets:
                    - {table: Video Items, column: Owner Id, backfill: {fromParent: {foreignKey: Folder, table: My Schema.Folder.Items, column: Owner Id}}}
                    - {table: My Schema.Folder.Items, column: Owner Id}
                  execution: {batchSize: 30}
                """));
        OwnershipEngine engine = new OwnershipEngine(db.connector());

        engine.apply(spec, MigrationListener.NONE);

        assertThat(engine.verify(spec).ok()).isTrue();
        assertThat(db.rows("SELECT \"Owner Id\", count(*) FROM \"Video Items\" GROUP BY 1 ORDER BY 1").toString())
                .isEqualTo("[[7, 100], [8, 100]]");
        engine.revert(spec, MigrationListener.NONE);
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    @Test
    void aTableWithoutKeyIsWalkedInCtidRanges() {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("""
                CREATE TABLE users (id int PRIMARY KEY);
                INSERT INTO users VALUES (1);
                CREATE TABLE events (payload text, user_id int);
                INSERT INTO events SELECT md5(g::text), NULL FROM generate_series(1, 5000) g;
                """);
        MigrationSpec spec = MigrationDocumentReader.read(MigrationDocumentReaderTest.write("""
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: keyless}
                spec:
                  owner: {table: users}
                  defaultOwner: {value: "1"}
                  targets: [{table: events, column: user_id}]
                  execution: {batchSize: 400, targetBatchTime: 0s}
                """));
        OwnershipEngine engine = new OwnershipEngine(db.connector());
        if (db.serverVersion() < 140000) {
            assertThatThrownBy(() -> engine.plan(spec)).isInstanceOf(PreflightException.class)
                    .hasMessageContaining("ctid ranges need PostgreSQL 14 or newer");
            return;
        }
        assertThat(engine.plan(spec).targets().get(0).rowWalk()).isEqualTo("ctid page windows in 8 passes");

        RunResult result = engine.apply(spec, MigrationListener.NONE);

        assertThat(result.rows()).isEqualTo(5000);
        assertThat(Long.parseLong(db.value("SELECT batches FROM ownership_migration.backfill_checkpoint")))
                .isGreaterThan(5);
        assertThat(engine.verify(spec).ok()).isTrue();
    }
}
