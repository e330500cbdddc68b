package dev.ownership.engine.step;

import java.sql.SQLException;
import java.util.List;

/**
 * One operation on one target (the pgroll habit: one operation, one class). It can tell from the catalog
 * whether it is done, so a run that crashed anywhere resumes by skipping finished steps.
 */
public interface Step {
    /** Short name, stable: it is recorded in the ledger. */
    String name();

    /** The lock it takes and for how long, for the plan. */
    String lock();

    /** The SQL it runs, for the plan; templates where values are only known at run time. */
    List<String> statements();

    boolean isDone(TargetState state);

    /** Does the work; returns the rows it changed. */
    long apply(StepContext ctx) throws SQLException;
}
