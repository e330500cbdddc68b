package dev.ownership.engine.step;

import dev.ownership.engine.ledger.TargetRecord;

import java.util.List;

/**
 * A step of apply, with its undo next to it (pgroll keeps Start and Rollback in one file): revert is the
 * apply sequence read backwards, each step undone, so the two can never drift apart.
 */
public interface ApplyStep extends Step {
    /**
     * The steps that take back what this one did, given what existed before the migrator first touched the
     * target; empty when there is nothing of its own to take back.
     */
    List<Step> undo(TargetRecord before);
}
