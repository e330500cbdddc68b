package dev.ownership.cli;

import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Give every row its owner: column, backfill, index, foreign key, NOT NULL. Resumable and idempotent.")
class ApplyCommand extends MigrateSubcommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        Plan plan = engine.plan(spec);
        if (!yes) {
            out.plan(plan);
        }
        if (plan.nothingToDo()) {
            return ExitCodes.OK;
        }
        if (!Confirmation.confirmed(yes, "Apply plan " + plan.hash() + " to the database?")) {
            command.commandLine().getErr().println("Not applied.");
            return ExitCodes.FAILED;
        }
        try (ProgressReporter progress = ProgressReporter.forConsole(command.commandLine().getErr())) {
            out.result(engine.apply(spec, progress));
        }
        return ExitCodes.OK;
    }
}
