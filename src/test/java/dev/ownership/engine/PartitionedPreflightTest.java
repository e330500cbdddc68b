package dev.ownership.engine;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.MigrationDocumentReaderTest;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What PostgreSQL cannot do with a partitioned table is refused before anything changes, naming the field. */
@Tag("db")
class PartitionedPreflightTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            owner partitioned by a composite key | CREATE TABLE tenants (id bigint, month date, PRIMARY KEY (id, month)) PARTITION BY RANGE (month) | owner:\\n    table: users | owner:\\n    table: tenants | spec.owner.table: public.tenants has no single-column primary key; set spec.owner.column to a unique column (public.tenants is partitioned: a foreign key can reference it only through a unique key, and PostgreSQL requires every unique key of a partitioned table to include the partition key
            owner column in the partition key    | CREATE TABLE regional (id bigint, region bigint, PRIMARY KEY (id, region)) PARTITION BY LIST (region); CREATE TABLE regional_1 PARTITION OF regional FOR VALUES IN (1) | - table: streams | - table: regional\\n      column: region\\n    - table: streams | spec.targets[1].column: region is in the partition key of public.regional
            index name of a partition taken      | CREATE SEQUENCE idx_events_user_id_events_2024_03 | users | users | spec.targets[0].indexName: schema public already has a relation named idx_events_user_id_events_2024_03 that is not an index on public.events_2024_03 (user_id)
            """)
    void refusesNamingTheFieldAndChangesNothing(String label, String setup, String find, String replace,
                                                String message) {
        TestDatabase db = Fixtures.partitioned(100);
        db.sql(setup);
        String before = Snapshot.of(db, null);
        String yaml = Fixtures.resource("partitioned.yaml").replace(find.replace("\\n", "\n"),
                replace.replace("\\n", "\n"));

        assertThatThrownBy(() -> new OwnershipEngine(db.connector()).apply(
                MigrationDocumentReader.read(MigrationDocumentReaderTest.write(yaml)), MigrationListener.NONE))
                .isInstanceOf(PreflightException.class).hasMessageContaining(message);
        assertThat(Snapshot.of(db, null)).isEqualTo(before);
    }
}
