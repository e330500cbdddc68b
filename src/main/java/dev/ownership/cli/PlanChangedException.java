package dev.ownership.cli;

import dev.ownership.engine.PreflightException;

import java.util.List;

/** The plan is no longer the one that was approved: nothing is done until the new one is approved. */
class PlanChangedException extends PreflightException {
    PlanChangedException(String approved, String current) {
        super(List.of("--plan-hash: the plan is now " + current + ", not the approved " + approved
                + "; approve the new plan"));
    }
}
