package dev.ownership.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.VerifyReport;
import dev.ownership.engine.plan.Plan;

import java.io.PrintWriter;

/** Prints plans, run results and verify reports as text for people or JSON for programs. */
public final class Output {
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new Jdk8Module())
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final PrintWriter out;
    private final MigrateOptions.OutputFormat format;

    public Output(PrintWriter out, MigrateOptions.OutputFormat format) {
        this.out = out;
        this.format = format;
    }

    public boolean json() {
        return format == MigrateOptions.OutputFormat.json;
    }

    void plan(Plan plan) {
        plan(plan, true);
    }

    /** @param samples whether the text shows sample rows without owner (JSON always has them) */
    void plan(Plan plan, boolean samples) {
        if (json()) {
            json(plan);
            return;
        }
        out.print(PlanText.of(plan, samples));
        out.flush();
    }

    void result(RunResult result) {
        if (json()) {
            json(result);
            return;
        }
        long done = result.steps().stream().filter(s -> !s.skipped()).count();
        out.println(result.action() + " of " + result.migration() + " finished: " + done + " steps run, "
                + (result.steps().size() - done) + " already done, " + result.rows() + " rows changed.");
        out.flush();
    }

    void verify(VerifyReport report) {
        if (json()) {
            json(report);
            return;
        }
        for (VerifyReport.TargetReport t : report.targets()) {
            out.println(t.target() + ": " + (t.problems().isEmpty() ? "OK" : "PROBLEMS") + " (" + t.rows() + " rows)");
            t.problems().forEach(p -> out.println("  - " + p));
            if (!t.topOwners().isEmpty()) {
                out.println("  rows per owner (top " + t.topOwners().size() + "):");
                t.topOwners().forEach(o -> out.printf("    %-40s %d%n", o.owner(), o.rows()));
            }
        }
        report.skipped().forEach(out::println);
        out.println(report.ok() ? "Verified: ownership is in force." : "Verification found problems.");
        out.flush();
    }

    public void json(Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
            out.flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
