package dev.ownership.engine.step;

import dev.ownership.engine.catalog.KeyColumn;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.DeleteRule;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.model.Settings;
import dev.ownership.engine.model.TableName;
import dev.ownership.engine.model.Target;
import dev.ownership.engine.plan.ObjectNames;
import dev.ownership.engine.plan.ResolvedOwner;
import dev.ownership.engine.plan.ResolvedParent;
import dev.ownership.engine.plan.ResolvedTarget;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The SQL each step renders is a pure function of the resolved target. */
class StepSqlTest {
    static final TableInfo USERS = new TableInfo(1, "public", "users", 'r');
    static final TableInfo VIDEOS = new TableInfo(2, "app", "Vid\"eos", 'r');
    static final TableInfo LISTS = new TableInfo(3, "app", "lists", 'r');

    static ResolvedTarget target(Mode mode, int version, boolean parent) {
        Settings d = Settings.defaults();
        Settings settings = new Settings(mode, d.batchSize(), d.targetBatchTime(), d.pauseBetweenBatches(),
                Duration.ofMillis(500), d.backgroundLockTimeout(), d.lockRetries(), d.ledgerSchema(), false,
                d.pace(), d.walkOrder());
        Target t = new Target(TableName.parse("app.Vid\"eos"), "owner id", DeleteRule.CASCADE, true, Optional.empty(),
                false, "fk_v", "idx_v");
        ResolvedOwner owner = new ResolvedOwner(USERS, new KeyColumn("id", "uuid", true, true),
                Optional.of("0e1f'x"), Optional.of("id = 0e1f'x"));
        return new ResolvedTarget(t, VIDEOS, "uuid", owner,
                parent ? Optional.of(new ResolvedParent(LISTS, "list_id", "id", "user_id", false)) : Optional.empty(),
                Optional.of(new RowKey("vid_pkey", true, List.of(new RowKey.Column("id", "bigint", Optional.empty())))),
                new ObjectNames("fk_v", "idx_v", "ownership_fill_ab", "fill_ab", "chk_v"), settings, version);
    }

    @Test
    void quotesEveryNameAndLiteral() {
        ResolvedTarget rt = target(Mode.ONLINE, 170000, false);
        assertThat(new AddColumnStep(rt).statements())
                .containsExactly("ALTER TABLE \"app\".\"Vid\"\"eos\" ADD COLUMN \"owner id\" uuid");
        assertThat(new AddConstantOwnerColumnStep(rt).statements()).containsExactly(
                "ALTER TABLE \"app\".\"Vid\"\"eos\" ADD COLUMN \"owner id\" uuid NOT NULL DEFAULT '0e1f''x'::uuid",
                "ALTER TABLE \"app\".\"Vid\"\"eos\" ALTER COLUMN \"owner id\" DROP DEFAULT");
    }

    @Test
    void onlineStepsUseConcurrentAndNotValidForms() {
        ResolvedTarget rt = target(Mode.ONLINE, 170000, false);
        assertThat(new CreateIndexStep(rt).statements())
                .containsExactly("CREATE INDEX CONCURRENTLY \"idx_v\" ON \"app\".\"Vid\"\"eos\" (\"owner id\")");
        assertThat(new AddForeignKeyStep(rt).statements()).containsExactly("ALTER TABLE \"app\".\"Vid\"\"eos\""
                + " ADD CONSTRAINT \"fk_v\" FOREIGN KEY (\"owner id\") REFERENCES \"public\".\"users\" (\"id\")"
                + " ON DELETE CASCADE NOT VALID");
        assertThat(new SetNotNullStep(rt).statements()).containsExactly(
                "ALTER TABLE \"app\".\"Vid\"\"eos\" ADD CONSTRAINT \"chk_v\" CHECK (\"owner id\" IS NOT NULL) NOT VALID",
                "ALTER TABLE \"app\".\"Vid\"\"eos\" VALIDATE CONSTRAINT \"chk_v\"",
                "ALTER TABLE \"app\".\"Vid\"\"eos\" ALTER COLUMN \"owner id\" SET NOT NULL",
                "ALTER TABLE \"app\".\"Vid\"\"eos\" DROP CONSTRAINT IF EXISTS \"chk_v\"");
    }

    @Test
    void postgres18AddsNotNullItselfNotValid() {
        assertThat(new SetNotNullStep(target(Mode.ONLINE, 180000, false)).statements()).containsExactly(
                "ALTER TABLE \"app\".\"Vid\"\"eos\" ADD CONSTRAINT \"chk_v\" NOT NULL \"owner id\" NOT VALID",
                "ALTER TABLE \"app\".\"Vid\"\"eos\" VALIDATE CONSTRAINT \"chk_v\"");
    }

    @Test
    void offlineStepsAreTheHandWrittenSequence() {
        ResolvedTarget rt = target(Mode.OFFLINE, 170000, false);
        assertThat(new CreateIndexStep(rt).statements())
                .containsExactly("CREATE INDEX \"idx_v\" ON \"app\".\"Vid\"\"eos\" (\"owner id\")");
        assertThat(new AddForeignKeyStep(rt).statements().get(0)).endsWith("ON DELETE CASCADE");
        assertThat(new SetNotNullStep(rt).statements())
                .containsExactly("ALTER TABLE \"app\".\"Vid\"\"eos\" ALTER COLUMN \"owner id\" SET NOT NULL");
        assertThat(new BackfillStep(rt).statements()).containsExactly("UPDATE \"app\".\"Vid\"\"eos\" AS ownership_target"
                + " SET \"owner id\" = '0e1f''x'::uuid WHERE true AND ownership_target.\"owner id\" IS NULL");
    }

    @Test
    void fillTriggerAndBackfillTakeTheParentsOwnerFirst() {
        ResolvedTarget rt = target(Mode.ONLINE, 170000, true);
        String lookup = "COALESCE((SELECT ownership_parent.\"user_id\" FROM \"app\".\"lists\" AS ownership_parent"
                + " WHERE ownership_parent.\"id\" = %s.\"list_id\"), '0e1f''x'::uuid)";
        assertThat(new FillTriggerStep(rt).statements()).containsExactly(
                "CREATE OR REPLACE FUNCTION \"ownership_migration\".\"fill_ab\"() RETURNS trigger LANGUAGE plpgsql AS"
                        + " $body$ BEGIN IF NEW.\"owner id\" IS NULL THEN NEW.\"owner id\" := " + lookup.formatted("NEW")
                        + "; END IF; RETURN NEW; END $body$",
                "CREATE TRIGGER \"ownership_fill_ab\" BEFORE INSERT OR UPDATE ON \"app\".\"Vid\"\"eos\" FOR EACH ROW"
                        + " WHEN (NEW.\"owner id\" IS NULL)"
                        + " EXECUTE FUNCTION \"ownership_migration\".\"fill_ab\"()");
        String update = "UPDATE \"app\".\"Vid\"\"eos\" AS ownership_target SET \"owner id\" = "
                + lookup.formatted("ownership_target") + " WHERE %s AND ownership_target.\"owner id\" IS NULL";
        String unheld = "ownership_target.ctid = ANY (ARRAY(SELECT ownership_locked.ctid FROM \"app\".\"Vid\"\"eos\" AS"
                + " ownership_locked WHERE %s AND ownership_locked.\"owner id\" IS NULL FOR NO KEY UPDATE SKIP LOCKED))";
        assertThat(new BackfillStep(rt).statements()).containsExactly("SET LOCAL synchronous_commit TO off",
                update.formatted(unheld.formatted("ownership_locked.ctid >= CAST(? AS tid) AND ownership_locked.ctid"
                        + " < CAST(? AS tid) AND hashtid(ownership_locked.ctid) & 7 = ?")));
        assertThat(new BackfillStep(target(Mode.ONLINE, 130000, true)).statements()).as("no TID Range Scan on 13")
                .containsExactly("SET LOCAL synchronous_commit TO off", update.formatted(unheld.formatted(
                        "ownership_locked.\"id\" > CAST(? AS bigint) AND ownership_locked.\"id\" <= CAST(? AS bigint)")));
    }

    @Test
    void revertFindsTheFilledRowsOfACompositeKeyThroughItsColumns() {
        ResolvedTarget single = target(Mode.ONLINE, 170000, false);
        RowKey composite = new RowKey("vid_pkey", true, List.of(new RowKey.Column("tenant", "uuid", Optional.empty()),
                new RowKey.Column("slug", "text", Optional.of("\"pg_catalog\".\"C\""))));
        String delete = "WITH batch AS (DELETE FROM \"ownership_migration\".\"filled_batch\" WHERE ctid = (SELECT"
                + " ctid FROM \"ownership_migration\".\"filled_batch\" WHERE target_id = ? LIMIT 1) RETURNING keys,"
                + " owners), filled AS (SELECT f.key, f.value FROM batch, unnest(batch.keys, batch.owners) AS f (key,"
                + " value)) UPDATE \"app\".\"Vid\"\"eos\" AS ownership_target SET \"owner id\" = NULL FROM filled WHERE ";
        String unchanged = " AND (filled.value IS NULL OR ownership_target.\"owner id\"::text = filled.value)";
        assertThat(new RestoreNullsStep(single, single.rowKey().orElseThrow(),
                "\"ownership_migration\".\"filled_batch\"").statements()).containsExactly(delete
                + "ownership_target.\"id\" = CAST(filled.key AS bigint)" + unchanged);
        assertThat(new RestoreNullsStep(single, composite, "\"ownership_migration\".\"filled_batch\"").statements())
                .containsExactly(delete + "(ownership_target.\"tenant\", ownership_target.\"slug\" COLLATE"
                        + " \"pg_catalog\".\"C\") = (CAST(CAST(filled.key AS json) ->> 0 AS uuid),"
                        + " CAST(CAST(filled.key AS json) ->> 1 AS text))" + unchanged);
    }

    @Test
    void stepsKnowWhenTheyAreDone() {
        ResolvedTarget rt = target(Mode.ONLINE, 170000, false);
        TargetState nothing = new TargetState(Optional.empty(), false, false, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
        assertThat(StepSequences.apply(rt, nothing.columnExists())).filteredOn(s -> s.isDone(nothing)).extracting(Step::name)
                .containsExactly("drop-fill-trigger");
        assertThat(StepSequences.apply(rt, nothing.columnExists()).get(0)).isInstanceOf(AddConstantOwnerColumnStep.class);
    }

    @Test
    void revertIsTheApplySequenceReadBackwardsWithTheTriggerFirst() {
        ResolvedTarget rt = target(Mode.ONLINE, 170000, true);
        TargetRecord added = new TargetRecord(1, "app", "Vid\"eos", "owner id", false, false, false, false, "fk_v",
                "idx_v", "m");
        assertThat(StepSequences.revert(rt, added)).extracting(Step::name)
                .containsExactly("drop-fill-trigger", "drop-foreign-key", "drop-index", "drop-column");
        TargetRecord nullable = new TargetRecord(1, "app", "Vid\"eos", "owner id", true, false, false, false, "fk_v",
                "idx_v", "m");
        assertThat(StepSequences.revert(rt, nullable)).extracting(Step::name).containsExactly("drop-fill-trigger",
                "drop-not-null", "drop-foreign-key", "drop-index", "restore-nulls");
        TargetRecord complete = new TargetRecord(1, "app", "Vid\"eos", "owner id", true, true, true, true, "fk_app",
                "idx_app", "m");
        assertThat(StepSequences.revert(rt, complete)).extracting(Step::name)
                .containsExactly("drop-fill-trigger", "restore-nulls");
    }

    @Test
    void revertUndoesWhatTheOfflineModeDidInTheOnlineOrder() {
        ResolvedTarget offline = target(Mode.OFFLINE, 170000, false);
        TargetRecord added = new TargetRecord(1, "app", "Vid\"eos", "owner id", false, false, false, false, "fk_v",
                "idx_v", "m");
        assertThat(StepSequences.revert(offline, added)).extracting(Step::name)
                .containsExactly("drop-fill-trigger", "drop-foreign-key", "drop-index", "drop-column");
    }
}
