package dev.ownership.cli;

import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;

import java.util.Optional;

@Command(name = "revert", mixinStandardHelpOptions = true,
        description = "Undo what apply created: foreign key, index, trigger, column. Ownership data is lost.")
class RevertCommand extends ConfirmedChange {
    @Override
    Plan plan(OwnershipEngine engine, MigrationSpec spec) {
        return engine.planRevert(spec);
    }

    @Override
    RunResult execute(OwnershipEngine engine, MigrationSpec spec, MigrationListener listener,
                      Optional<String> approvedHash) {
        return engine.revert(spec, listener, approvedHash);
    }

    @Override
    String warning() {
        return "Reverting drops the ownership data the migrator wrote.";
    }

    @Override
    String verb() {
        return "revert";
    }
}
