package dev.ownership.cli;

import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Plan, apply, verify or revert an OwnershipMigration against PostgreSQL. No cluster needed.%n"
                + "Exit codes: 0 done or nothing to do, 1 failed, 2 invalid spec or usage (nothing touched),"
                + " 3 preflight failed (database unchanged), 4 verify found problems.",
        subcommands = {PlanCommand.class, ApplyCommand.class, VerifyCommand.class, RevertCommand.class})
public class MigrateCommand {
}
