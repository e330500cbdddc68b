package dev.ownership.engine.step;

import dev.ownership.engine.plan.ResolvedTarget;
import dev.ownership.engine.sql.Sql;

import java.time.Duration;
import java.util.List;

/** Revert: drops the index the migrator built, concurrently. */
public class DropIndexStep extends DdlStep {
    private final String index;

    public DropIndexStep(ResolvedTarget rt, String index) {
        super(rt);
        this.index = index;
    }

    @Override
    public String name() {
        return "drop-index";
    }

    @Override
    public String lock() {
        return "SHARE UPDATE EXCLUSIVE on " + rt.table() + " (reads and writes go on)";
    }

    @Override
    public List<String> statements() {
        return List.of("DROP INDEX CONCURRENTLY IF EXISTS " + Sql.qualified(rt.table().schema(), index));
    }

    @Override
    protected Duration lockTimeout() {
        return rt.settings().backgroundLockTimeout();
    }

    @Override
    public boolean isDone(TargetState state) {
        return state.namedIndex().filter(i -> i.name().equals(index)).isEmpty();
    }
}
