package dev.ownership.cli;

import picocli.CommandLine.Command;

@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = "Plan, apply, verify or revert an OwnershipMigration against PostgreSQL.")
public class MigrateCommand {
}
