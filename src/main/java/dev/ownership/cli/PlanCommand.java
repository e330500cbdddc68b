package dev.ownership.cli;

import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Dry run: show every step with its SQL and lock, rows to backfill and sample orphans. Changes nothing.")
class PlanCommand extends MigrateSubcommand {
    @Option(names = "--revert", description = "Plan the revert instead: its hash is the one `revert --plan-hash` takes.")
    boolean revert;

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        Plan plan = revert ? engine.planRevert(spec) : engine.plan(spec);
        facts.plan(plan);
        out.plan(plan);
        return ExitCodes.OK;
    }
}
