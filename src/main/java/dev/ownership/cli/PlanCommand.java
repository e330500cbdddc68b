package dev.ownership.cli;

import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Command;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Dry run: show every step with its SQL and lock, rows to backfill and sample orphans. Changes nothing.")
class PlanCommand extends MigrateSubcommand {
    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        out.plan(engine.plan(spec));
        return ExitCodes.OK;
    }
}
