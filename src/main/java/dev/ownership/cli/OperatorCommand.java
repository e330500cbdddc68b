package dev.ownership.cli;

import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.inject.Inject;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** Runs the operator until the process is stopped. The other commands never start it. */
@Command(name = "operator", mixinStandardHelpOptions = true,
        description = "Run the OwnershipMigration operator against the current Kubernetes context (or in-cluster).")
public class OperatorCommand implements Callable<Integer> {
    @Inject
    Operator operator;

    @Override
    public Integer call() {
        operator.start();
        Quarkus.waitForExit();
        operator.stop();
        return ExitCodes.OK;
    }
}
