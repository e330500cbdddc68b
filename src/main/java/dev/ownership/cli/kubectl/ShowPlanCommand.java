package dev.ownership.cli.kubectl;

import dev.ownership.cli.ExitCodes;
import dev.ownership.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** kubectl ownership plan NAME: the full plan of the current generation, as migrate plan prints it. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Print the plan of NAME's current generation (from the ConfigMap named in status.plan).")
class ShowPlanCommand extends ClusterSubcommand {
    @Parameters(paramLabel = "NAME", description = "The OwnershipMigration.")
    String name;

    @Override
    int run(Migrations migrations, Output out) {
        CurrentPlan plan = migrations.plan(name);
        if (out.json()) {
            out.json(plan);
        } else {
            command.commandLine().getOut().print(plan.text());
            command.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
