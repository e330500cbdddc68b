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
     *
     * @param columnExists whether the owner column is there already (a constant owner then needs a backfill)
     */
    public static List<ApplyStep> apply(ResolvedTarget rt, boolean columnExists) {
        return rt.settings().mode() == Mode.OFFLINE ? offline(rt) : online(rt, columnExists);
    }

    private static List<ApplyStep> offline(ResolvedTarget rt) {
        List<ApplyStep> steps = new ArrayList<>();
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

    private static List<ApplyStep> online(ResolvedTarget rt, boolean columnExists) {
        List<ApplyStep> steps = new ArrayList<>();
        boolean constantOwner = rt.parent().isEmpty() && rt.owner().defaultKey().isPresent() && !columnExists;
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
        // CREATE INDEX CONCURRENTLY does not work on a partitioned table: built partition by partition
        steps.add(rt.partitioned() ? new PartitionedIndexStep(rt) : new CreateIndexStep(rt));
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

    /**
     * The online apply sequence of the target as it was before, read backwards, each step undone (the undo SQL
     * does not depend on the mode that applied it; online's order drops the foreign key before its index). The
     * fill trigger goes first of all, whatever the settings were: every other undo writes rows it would fill again.
     */
    public static List<Step> revert(ResolvedTarget rt, TargetRecord before) {
        List<Step> steps = new ArrayList<>(List.of(new DropFillTriggerStep(rt)));
        List<ApplyStep> applied = online(rt, before.columnExisted());
        for (int i = applied.size() - 1; i >= 0; i--) {
            steps.addAll(applied.get(i).undo(before));
        }
        return steps;
    }
}
