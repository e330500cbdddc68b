package dev.ownership.cli;

import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = "Undo what apply created: foreign key, index, trigger, column. Ownership data is lost.")
class RevertCommand extends MigrateSubcommand {
    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        Plan plan = engine.planRevert(spec);
        if (!yes) {
            out.plan(plan);
        }
        if (plan.nothingToDo()) {
            command.commandLine().getOut().println("Nothing to revert.");
            return ExitCodes.OK;
        }
        command.commandLine().getErr().println("Reverting drops the ownership data the migrator wrote.");
        if (!Confirmation.confirmed(yes, "Revert " + spec.name() + "?")) {
            command.commandLine().getErr().println("Not reverted.");
            return ExitCodes.FAILED;
        }
        try (ProgressReporter progress = ProgressReporter.forConsole(command.commandLine().getErr())) {
            out.result(engine.revert(spec, progress));
        }
        return ExitCodes.OK;
    }
}
