package dev.ownership.engine;

import java.util.List;

/**
 * The plan, made again under the migrator lock, is no longer the one that was approved: nothing is done
 * until the new one is approved.
 */
public class PlanChangedException extends PreflightException {
    public PlanChangedException(String approved, String current) {
        super(List.of("--plan-hash: the plan is now " + current + ", not the approved " + approved
                + " (the database changed since); nothing was done; approve the new plan"));
    }
}
