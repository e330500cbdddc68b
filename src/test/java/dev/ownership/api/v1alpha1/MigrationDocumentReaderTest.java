package dev.ownership.api.v1alpha1;

import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.model.DeleteRule;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.ReplicaLagLimit;
import dev.ownership.engine.model.TableName;
import dev.ownership.engine.model.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading the YAML document: defaults, and every bad input named by its field. */
public class MigrationDocumentReaderTest {
    static final String HEADER = "apiVersion: ownership.dev/v1alpha1\nkind: OwnershipMigration\nmetadata: {name: m}\n";

    public static Path write(String yaml) {
        try {
            Path file = Files.createTempFile("spec", ".yaml");
            Files.writeString(file, yaml);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void appliesDefaultsAndSplitsSchemaAtTheFirstDot() {
        MigrationSpec spec = MigrationDocumentReader.read(write("""
                apiVersion: v1
                kind: Secret
                metadata: {name: db}
                ---
                """ + HEADER + """
                spec:
                  owner: {table: "auth.Users"}
                  defaultOwner: {column: email, value: a@b.c}
                  targets:
                    - {table: "my schema.My.Table", column: "Owner Id"}
                """));

        assertThat(spec.owner().table()).isEqualTo(new TableName(Optional.of("auth"), "Users"));
        Target t = spec.targets().get(0);
        assertThat(t.table()).isEqualTo(new TableName(Optional.of("my schema"), "My.Table"));
        assertThat(t.onDelete()).isEqualTo(DeleteRule.CASCADE);
        assertThat(t.index()).isTrue();
        assertThat(t.ifExists()).isFalse();
        assertThat(t.foreignKeyName()).isEqualTo("fk_My.Table_Owner Id");
        assertThat(t.indexName()).isEqualTo("idx_My.Table_Owner Id");
        assertThat(spec.settings().mode()).isEqualTo(Mode.ONLINE);
        assertThat(spec.settings().lockTimeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(spec.settings().ledgerSchema()).isEqualTo("ownership_migration");
    }

    @Test
    void readsExecutionKnobs() {
        MigrationSpec spec = MigrationDocumentReader.read(write(HEADER + """
                spec:
                  owner: {table: users}
                  targets: [{table: t, column: c, onDelete: Restrict, index: false}]
                  execution: {mode: Offline, batchSize: 50, lockTimeout: 1m30s, pauseBetweenBatches: 250ms,
                              lockRetries: 3, ledgerSchema: ledger}
                """));
        assertThat(spec.settings().mode()).isEqualTo(Mode.OFFLINE);
        assertThat(spec.settings().batchSize()).isEqualTo(50);
        assertThat(spec.settings().lockTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(spec.settings().pauseBetweenBatches()).isEqualTo(Duration.ofMillis(250));
        assertThat(spec.targets().get(0).onDelete()).isEqualTo(DeleteRule.RESTRICT);
        assertThat(spec.targets().get(0).index()).isFalse();
    }

    @Test
    void readsBackfillPace() {
        MigrationSpec spec = MigrationDocumentReader.read(write(HEADER + """
                spec:
                  owner: {table: users}
                  targets: [{table: t, column: c}]
                  execution: {parallelism: 4, maxReplicaLag: 64MB, maxRowsPerSecond: 20000}
                """));
        assertThat(spec.settings().pace().parallelism()).isEqualTo(4);
        assertThat(spec.settings().pace().maxReplicaLag()).contains(new ReplicaLagLimit.Bytes(64L << 20, "64MB"));
        assertThat(spec.settings().pace().maxRowsPerSecond()).hasValue(20_000);
        MigrationSpec timed = MigrationDocumentReader.read(write(HEADER + """
                spec:
                  owner: {table: users}
                  targets: [{table: t, column: c}]
                  execution: {maxReplicaLag: 1m30s}
                """));
        assertThat(timed.settings().pace().maxReplicaLag())
                .contains(new ReplicaLagLimit.Time(Duration.ofSeconds(90), "1m30s"));
        assertThat(timed.settings().pace().parallelism()).isEqualTo(1);
        assertThat(timed.settings().pace().maxRowsPerSecond()).isEmpty();
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            targets: [{table: t, colum: c}]                        | spec.targets[0].colum: unknown field; known fields: backfill, column
            targets: [{table: t, column: c, onDelete: Cascad}]     | spec.targets[0].onDelete: 'Cascad' is not valid; one of Cascade, SetNull, Restrict, NoAction
            targets: [{table: t, column: c, onDelete: SetNull}]    | spec.targets[0].onDelete: SetNull cannot work
            targets: []                                            | spec.targets: at least one target is required
            targets: [{table: t}]                                  | spec.targets[0].column: required
            targets: [{table: t, column: c}, {table: t, column: c}] | spec.targets[1]: t.c is listed twice
            targets: [{table: users, column: c}]                   | spec.targets[0].table: the owner table users cannot be its own target
            'targets: [{table: t, column: c}]\\n  execution: {lockTimeout: 2 seconds}' | spec.execution.lockTimeout: '2 seconds' is not a duration
            'targets: [{table: t, column: c}]\\n  execution: {lockTimeout: 0s}'  | spec.execution.lockTimeout: must be longer than 0
            'targets: [{table: t, column: c}]\\n  execution: {batchSize: 0}'     | spec.execution.batchSize: 0 is out of range
            'targets: [{table: t, column: c}]\\n  execution: {parallelism: 17}' | spec.execution.parallelism: 17 is out of range 1 to 16
            'targets: [{table: t, column: c}]\\n  execution: {maxReplicaLag: 64 MB}' | spec.execution.maxReplicaLag: '64 MB' is neither a duration
            'targets: [{table: t, column: c}]\\n  execution: {maxRowsPerSecond: 0}' | spec.execution.maxRowsPerSecond: 0 must be at least 1
            'targets: [{table: t, column: c, indexName: "%s"}]'     | spec.targets[0].indexName: 70 bytes, PostgreSQL allows 63
            'targets: [{table: t, column: "%e"}]'                   | spec.targets[0].column: 80 bytes, PostgreSQL allows 63
            'targets: [{table: "%e", column: c}]'                   | spec.targets[0].table: 80 bytes, PostgreSQL allows 63
            'targets: [{table: "%e.t", column: c}]'                 | spec.targets[0].table: schema 80 bytes, PostgreSQL allows 63
            'targets: [{table: t, column: c, foreignKeyName: "%e"}]' | spec.targets[0].foreignKeyName: 80 bytes, PostgreSQL allows 63
            'targets: [{table: t, column: c, backfill: {fromParent: {foreignKey: "%e", table: p, column: c}}}]' | spec.targets[0].backfill.fromParent.foreignKey: 80 bytes
            'targets: [{table: t, column: c}]\\n  execution: {ledgerSchema: "%e"}' | spec.execution.ledgerSchema: 80 bytes, PostgreSQL allows 63
            'targets: [{table: t, column: c}]\\n  defaultOwner: {column: email}' | spec.defaultOwner.value: required
            """)
    void refusesBadSpecsNamingTheField(String targets, String message) {
        String yaml = HEADER + "spec:\n  owner: {table: users}\n  " + targets.replace("\\n", "\n")
                .replace("%s", "i".repeat(70))
                .replace("%e", "\u00e9".repeat(40)) /* 40 characters, 80 bytes: the limit counts bytes */ + "\n";
        assertThatThrownBy(() -> MigrationDocumentReader.read(write(yaml)))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining(message);
    }

    @Test
    void refusesOtherKindsAndVersions() {
        assertThatThrownBy(() -> MigrationDocumentReader.read(write("apiVersion: v1\nkind: Secret\n")))
                .hasMessageContaining("holds 0 documents of kind OwnershipMigration");
        assertThatThrownBy(() -> MigrationDocumentReader.read(write(HEADER.replace("v1alpha1", "v2") + "spec: {}")))
                .hasMessageContaining("apiVersion: 'ownership.dev/v2' is not ownership.dev/v1alpha1");
        assertThatThrownBy(() -> MigrationDocumentReader.read(Path.of("/nonexistent.yaml")))
                .hasMessageContaining("/nonexistent.yaml: no such file");
    }
}
