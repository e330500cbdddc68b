package dev.ownership.cli;

import dev.ownership.engine.catalog.ServerVersion;
import dev.ownership.engine.plan.Plan;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * A plan as people read it: every step with its SQL and lock, rows to backfill per target. Sample rows without
 * owner are application data: only a terminal asks for them; the text kept in the cluster has none.
 */
final class PlanText {
    private PlanText() {
    }

    static String of(Plan plan, boolean samples) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println("Plan " + plan.hash() + " (" + plan.action() + ") of " + plan.migration() + ", PostgreSQL "
                + ServerVersion.text(plan.serverVersion()));
        out.println("Owner: " + plan.owner() + plan.defaultOwnerRow().map(r -> "; default owner row: " + r).orElse(""));
        for (Plan.TargetPlan t : plan.targets()) {
            out.println();
            out.println(t.target() + " (" + t.ownerType() + ", " + t.ownerSource() + "; batches: " + t.rowWalk() + ")");
            t.note().ifPresent(n -> out.println("  note: " + n));
            if (t.rowsToBackfill() > 0) {
                out.println("  rows without owner: " + t.rowsToBackfill() + (samples && !t.sampleOrphans().isEmpty()
                        ? "; for example " + String.join("; ", t.sampleOrphans()) : ""));
            }
            for (Plan.PlannedStep s : t.steps()) {
                out.printf("  %-9s %s: %s%n", s.done() ? "[done]" : "[pending]", s.name(), s.lock());
                if (!s.done()) {
                    s.sql().forEach(sql -> out.println("            " + sql + ";"));
                }
            }
        }
        plan.skipped().forEach(s -> out.println("\n" + s));
        plan.warnings().forEach(w -> out.println("\nWarning: " + w));
        out.println();
        out.println(plan.nothingToDo() ? "Nothing to do." : plan.pendingSteps() + " steps pending.");
        out.flush();
        return text.toString();
    }
}
