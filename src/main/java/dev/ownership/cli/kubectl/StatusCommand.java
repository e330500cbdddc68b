package dev.ownership.cli.kubectl;

import dev.ownership.cli.ExitCodes;
import dev.ownership.cli.Output;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.util.Comparator;
import java.util.List;

/** kubectl ownership status [NAME]: where each migration is, in one line. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "A table of phase, step, rows, rate and time left of NAME, or of every OwnershipMigration"
                + " in the namespace.")
class StatusCommand extends ClusterSubcommand {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The OwnershipMigration (default: all).")
    String name;

    @Override
    int run(Migrations migrations, Output out) {
        List<StatusRow> rows = (name == null ? migrations.list() : List.of(migrations.get(name))).stream()
                .map(StatusRow::of).sorted(Comparator.comparing(StatusRow::name)).toList();
        if (out.json()) {
            out.json(rows);
        } else if (rows.isEmpty()) {
            err().println("No OwnershipMigrations in namespace " + migrations.namespace() + ".");
        } else {
            command.commandLine().getOut().print(StatusTable.format(rows));
            command.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }
}
