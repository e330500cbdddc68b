package dev.ownership.engine.step;

import dev.ownership.engine.backfill.Backfiller;
import dev.ownership.engine.ledger.Ledger;
import dev.ownership.engine.ledger.TargetRecord;
import dev.ownership.engine.model.Mode;
import dev.ownership.engine.plan.ResolvedTarget;

import java.sql.SQLException;
import java.util.List;

/** Gives existing rows their owner: batched and resumable online, one UPDATE offline. */
public class BackfillStep implements ApplyStep {
    private final ResolvedTarget rt;
    private final Backfiller backfiller;
    private final boolean online;

    public BackfillStep(ResolvedTarget rt) {
        this.rt = rt;
        this.backfiller = new Backfiller(rt);
        this.online = rt.settings().mode() == Mode.ONLINE;
    }

    @Override
    public String name() {
        return "backfill";
    }

    @Override
    public String lock() {
        return online ? "ROW EXCLUSIVE on " + rt.table() + ", row locks of one batch at a time"
                : "ROW EXCLUSIVE on " + rt.table() + ", row locks of every row until the end";
    }

    @Override
    public List<String> statements() {
        return online ? backfiller.batchTemplates() : List.of(backfiller.offlineSql());
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.notNull();
    }

    @Override
    public long apply(StepContext ctx) throws SQLException {
        return online ? backfiller.online(ctx) : backfiller.offline(ctx);
    }

    /**
     * Rows of a column that existed before get their NULL back, found by the keys the backfill recorded; a
     * column the migrator added goes whole, and without a key nothing was recorded.
     */
    @Override
    public List<Step> undo(TargetRecord before) {
        if (!before.columnExisted()) {
            return List.of();
        }
        return rt.rowKey().<List<Step>>map(key -> List.of(new RestoreNullsStep(rt, key,
                Ledger.filledBatchTable(rt.settings().ledgerSchema())))).orElse(List.of());
    }
}
