package dev.ownership.cli;

import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;

import java.util.Optional;

@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Give every row its owner: column, backfill, index, foreign key, NOT NULL. Resumable and idempotent.")
class ApplyCommand extends ConfirmedChange {
    @Override
    Plan plan(OwnershipEngine engine, MigrationSpec spec) {
        return engine.plan(spec);
    }

    @Override
    RunResult execute(OwnershipEngine engine, MigrationSpec spec, MigrationListener listener,
                      Optional<String> approvedHash) {
        return engine.apply(spec, listener, approvedHash);
    }

    @Override
    String warning() {
        return "";
    }

    @Override
    String verb() {
        return "apply";
    }
}
