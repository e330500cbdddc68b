package dev.ownership.cli.kubectl;

import dev.ownership.cli.Confirmation;
import dev.ownership.cli.ExitCodes;
import dev.ownership.cli.Output;
import dev.ownership.operator.Progression;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** kubectl ownership approve NAME: show the current plan, ask, then annotate with exactly its hash. */
@Command(name = "approve", mixinStandardHelpOptions = true,
        description = "Show the plan of NAME's current generation and, once confirmed, approve it (annotation "
                + Progression.APPROVE_ANNOTATION + "=<its hash>). Refused if the plan changes meanwhile.")
class ApproveCommand extends ClusterSubcommand {
    @Parameters(paramLabel = "NAME", description = "The OwnershipMigration.")
    String name;

    @Option(names = {"-y", "--yes"}, description = "Do not show the plan nor ask (scripts).")
    boolean yes;

    record Approved(String namespace, String name, long generation, String hash) {
    }

    @Override
    int run(Migrations migrations, Output out) {
        CurrentPlan plan = migrations.plan(name);
        PrintWriter text = out.json() ? err() : command.commandLine().getOut();
        if (!yes) {
            text.print(plan.text());
            text.println();
            text.flush();
        }
        String who = plan.namespace() + "/" + plan.name();
        if (!Confirmation.confirmed(yes, "Approve plan " + plan.hash() + " of " + who + " (generation "
                + plan.generation() + ")?")) {
            err().println("Nothing was approved.");
            return ExitCodes.FAILED;
        }
        migrations.approve(plan);
        if (out.json()) {
            out.json(new Approved(plan.namespace(), plan.name(), plan.generation(), plan.hash()));
        } else {
            text.println("Approved plan " + plan.hash() + " of " + who + " (generation " + plan.generation()
                    + "): annotated " + Progression.APPROVE_ANNOTATION + "=" + plan.hash() + ".");
            text.flush();
        }
        return ExitCodes.OK;
    }
}
