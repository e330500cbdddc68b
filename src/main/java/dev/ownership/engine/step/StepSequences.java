package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;

import java.util.ArrayList;
import java.util.List;

/** Which steps, in which order, for each action. The order is the safety argument; see docs/engine.md. */
public final class StepSequences {
    private StepSequences() {
    }

    /**
     * Online: column, trigger, backfill, index, foreign key NOT VALID, validate, NOT NULL, drop trigger. Index
     * before the foreign key (cascades look rows up by it); NOT NULL last (rows must be filled first).
     * Offline: the hand-written sequence.
     */
    public static List<Step> apply(ResolvedTarget rt, TargetState state) {
        List<Step> steps = new ArrayList<>();
        if (rt.settings().mode() == Mode.OFFLINE) {
            steps.add(new AddColumnStep(rt));
            if (rt.canFill()) {
                steps.add(new BackfillStep(rt));
            }
            steps.add(new SetNotNullStep(rt));
            steps.add(new AddForeignKeyStep(rt));
            steps.add(new CreateIndexStep(rt));
            steps.add(keepsFillTrigger(rt) ? new FillTriggerStep(rt) : new DropFillTriggerStep(rt));
            return steps;
        }
        boolean constantOwner = rt.parent().isEmpty() && rt.owner().defaultKey().isPresent() && !state.columnExists();
        if (constantOwner) {
            // NOT NULL at once: only an application that names no owner needs the trigger, from now on
            steps.add(new AddConstantOwnerColumnStep(rt));
            if (keepsFillTrigger(rt)) {
                steps.add(new FillTriggerStep(rt));
            }
        } else {
            steps.add(new AddColumnStep(rt));
            // without parent and default owner there is nothing to fill with; preflight made sure nothing needs it
            if (rt.canFill()) {
                steps.add(new FillTriggerStep(rt));
                steps.add(new BackfillStep(rt));
            }
        }
        steps.add(new CreateIndexStep(rt));
        steps.add(new AddForeignKeyStep(rt));
        steps.add(new ValidateForeignKeyStep(rt));
        steps.add(new SetNotNullStep(rt));
        if (!keepsFillTrigger(rt)) {
            steps.add(new DropFillTriggerStep(rt));
        }
        return steps;
    }

    /** The trigger stays only where it has an owner to give. */
    private static boolean keepsFillTrigger(ResolvedTarget rt) {
        return rt.settings().keepFillTrigger() && rt.canFill();
    }

    /** Undo only what the migrator created, foreign key first so cascades never run without the index. */
    public static List<Step> revert(ResolvedTarget rt, TargetRecord record, String filledKeyTable) {
        List<Step> steps = new ArrayList<>();
        if (!record.foreignKeyExisted()) {
            steps.add(new DropForeignKeyStep(rt, record.foreignKeyName()));
        }
        if (!record.indexExisted()) {
            steps.add(new DropIndexStep(rt, record.indexName()));
        }
        steps.add(new DropFillTriggerStep(rt));
        if (!record.columnExisted()) {
            steps.add(new DropColumnStep(rt));
            return steps;
        }
        if (!record.columnWasNotNull()) {
            steps.add(new DropNotNullStep(rt));
        }
        rt.rowKey().ifPresent(key -> steps.add(new RestoreNullsStep(rt, key, filledKeyTable)));
        return steps;
    }
}
