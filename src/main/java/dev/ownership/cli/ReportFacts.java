package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.plan.Plan;

import java.util.List;

/** What a subcommand learnt on its way, for the termination report. */
final class ReportFacts {
    private Plan plan;
    private RunResult result;
    private String planConfigMap;

    void plan(Plan plan) {
        this.plan = plan;
    }

    void planConfigMap(String name) {
        this.planConfigMap = name;
    }

    void result(RunResult result) {
        this.result = result;
    }

    MigratorReport report(String action, int exitCode, String reason, String message) {
        List<String> targets = plan == null ? null : plan.targets().stream()
                .map(t -> t.target() + ": " + t.steps().stream().filter(s -> !s.done()).count() + " steps pending, "
                        + t.rowsToBackfill() + " rows without owner")
                .toList();
        return new MigratorReport(action, exitCode, reason, message, plan == null ? null : plan.hash(),
                plan == null ? null : plan.pendingSteps(),
                plan == null ? null : plan.targets().stream().mapToLong(Plan.TargetPlan::rowsToBackfill).sum(),
                result == null ? null : result.rows(), result == null ? null : result.lockRetries(), targets,
                planConfigMap);
    }
}
