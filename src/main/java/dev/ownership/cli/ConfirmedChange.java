package dev.ownership.cli;

import dev.ownership.cli.status.LiveProgress;
import dev.ownership.cli.status.StatusProgressPatch;
import dev.ownership.engine.CompositeListener;
import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/** A subcommand that changes the database: show the plan, ask (or take --yes), run with progress. */
abstract class ConfirmedChange extends MigrateSubcommand {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--plan-hash", paramLabel = "HASH",
            description = "Run only if the plan still has this hash (the one that was approved).")
    String approvedHash;

    abstract Plan plan(OwnershipEngine engine, MigrationSpec spec);

    abstract RunResult execute(OwnershipEngine engine, MigrationSpec spec, MigrationListener listener);

    /** Said before asking, such as what is lost. */
    abstract String warning();

    abstract String verb();

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        Plan plan = plan(engine, spec);
        facts.plan(plan);
        if (approvedHash != null && !approvedHash.equals(plan.hash())) {
            throw new PlanChangedException(approvedHash, plan.hash());
        }
        if (!yes) {
            out.plan(plan);
        }
        if (plan.nothingToDo()) {
            command.commandLine().getOut().println("Nothing to " + verb() + ".");
            return ExitCodes.OK;
        }
        if (!warning().isEmpty()) {
            command.commandLine().getErr().println(warning());
        }
        if (!Confirmation.confirmed(yes, verb().substring(0, 1).toUpperCase() + verb().substring(1) + " plan "
                + plan.hash() + " of " + spec.name() + "?")) {
            command.commandLine().getErr().println("Nothing was done.");
            return ExitCodes.FAILED;
        }
        try (ProgressReporter console = ProgressReporter.forConsole(command.commandLine().getErr());
             StatusProgressPatch patch = options.reportStatus == null ? null
                     : StatusProgressPatch.to(options.reportStatus, command.commandLine().getErr());
             LiveProgress status = new LiveProgress(patch == null ? p -> { } : patch, STATUS_EVERY,
                     Clock.systemUTC())) {
            RunResult result = execute(engine, spec, new CompositeListener(List.of(console, status)));
            facts.result(result);
            out.result(result);
        }
        return ExitCodes.OK;
    }
}
