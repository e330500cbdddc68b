package dev.ownership.cli;

import dev.ownership.cli.kubectl.KubectlCommand;
import io.quarkus.picocli.runtime.annotations.TopCommand;
import picocli.CommandLine.Command;

/** The program's entry point: {@code ownership-operator migrate ...}. */
@TopCommand
@Command(name = "ownership-operator", mixinStandardHelpOptions = true,
        description = "Give every row of existing tables an owner, online and safely.",
        subcommands = {MigrateCommand.class, DemoCommand.class, OperatorCommand.class,
                KubectlCommand.class})
public class OwnershipCommand {
}
