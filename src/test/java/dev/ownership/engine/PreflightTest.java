package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every preflight failure names its field and leaves the database exactly as it was, ledger included. */
@Tag("db")
class PreflightTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            missing owner table      | table: users           | table: accounts          | spec.owner.table: table accounts does not exist
            owner column not unique  | column: id             | column: role             | spec.owner.column: public.users.role is not the primary key
            default owner absent     | value: "1"             | value: "99"              | spec.defaultOwner: no row of public.users has id = '99'
            missing target table     | table: album_media     | table: albums            | spec.targets[0].table: table albums does not exist
            wrong column type        | column: user_id        | column: media_type       | spec.targets[0].column: public.album_media.media_type has type text
            missing parent column    | column: user_id        | column: user_id\\n      backfill: {fromParent: {foreignKey: nope, table: users, column: id}} | fromParent.foreignKey: column public.album_media.nope does not exist
            index name taken         | column: user_id        | column: user_id\\n      indexName: users_pkey | spec.targets[0].indexName: schema public already has a relation named users_pkey
            """)
    void failsNamingTheFieldAndChangesNothing(String label, String find, String replace, String message) {
        TestDatabase db = Fixtures.seed2();
        db.sql("UPDATE album_media SET user_id = 2 WHERE id = 1");
        String before = Snapshot.of(db, null);
        String yaml = Fixtures.resource("seed2.yaml").replaceFirst(java.util.regex.Pattern.quote(find),
                java.util.regex.Matcher.quoteReplacement(replace.replace("\\n", "\n")));
        MigrationSpec spec = read(yaml);

        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(spec, MigrationListener.NONE))
                .isInstanceOf(PreflightException.class).hasMessageContaining(message);
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            orphan owner values      | UPDATE album_media SET user_id = 42 WHERE id = 3 | 1 rows of public.album_media name owners that do not exist in public.users; fix or clear them first (SELECT r.*
            conflicting constraint   | ALTER TABLE album_media ADD CONSTRAINT fk_album_media_user_id CHECK (id > 0) | already has a constraint named fk_album_media_user_id
            ledger schema taken      | CREATE SCHEMA ownership_migration; CREATE TABLE ownership_migration.t (x int) | spec.execution.ledgerSchema: schema ownership_migration already exists
            """)
    void dataProblemsFailBeforeAnyChange(String label, String setup, String message) {
        TestDatabase db = Fixtures.seed2();
        db.sql(setup);
        String before = Snapshot.of(db, null);

        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(Fixtures.spec("seed2.yaml"),
                MigrationListener.NONE)).isInstanceOf(PreflightException.class).hasMessageContaining(message);
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }

    @Test
    void withoutDefaultOwnerOrphansAreRefused() {
        TestDatabase db = Fixtures.seed2();
        String before = Snapshot.of(db, null);
        String yaml = Fixtures.resource("seed2.yaml").replace("  defaultOwner:\n    value: \"1\"\n", "");
        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).plan(read(yaml)))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("spec.targets[0]: 46 rows of public.album_media would have no owner");
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }

    private static MigrationSpec read(String yaml) {
        return MigrationDocumentReader.read(dev.ownership.api.v1alpha1.MigrationDocumentReaderTest.write(yaml));
    }
}
