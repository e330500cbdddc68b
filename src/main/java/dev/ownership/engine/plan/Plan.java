package dev.ownership.engine.plan;

import java.util.List;
import java.util.Optional;

/**
 * What a run would do, step by step, with the SQL and the lock of each. The hash covers the pending
 * steps' SQL only, so an unchanged database re-plans to the same hash (approvals rely on it).
 */
public record Plan(String migration, String action, int serverVersion, String owner, Optional<String> defaultOwnerRow,
                   List<TargetPlan> targets, List<String> skipped, List<String> warnings, String hash) {

    public record TargetPlan(String target, String ownerType, String ownerSource, String rowWalk,
                             long rowsToBackfill, List<String> sampleOrphans, List<PlannedStep> steps,
                             Optional<String> note) {
    }

    public record PlannedStep(String name, String lock, List<String> sql, boolean done) {
    }

    public boolean nothingToDo() {
        return targets.stream().flatMap(t -> t.steps().stream()).allMatch(PlannedStep::done);
    }

    public long pendingSteps() {
        return targets.stream().flatMap(t -> t.steps().stream()).filter(s -> !s.done()).count();
    }
}
