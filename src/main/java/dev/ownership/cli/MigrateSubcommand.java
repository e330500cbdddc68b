package dev.ownership.cli;

import dev.ownership.engine.DatabaseUnreachableException;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.LockTimeoutException;
import dev.ownership.engine.MigrationException;
import dev.ownership.engine.MigratorBusyException;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.PlanChangedException;
import dev.ownership.engine.PreflightException;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * Common frame of plan, apply, verify and revert: read the spec, run, map failures to exit codes and
 * reasons, and leave a report where a Job's termination message is read.
 */
abstract class MigrateSubcommand implements Callable<Integer> {
    @Mixin
    MigrateOptions options;

    @Spec
    CommandSpec command;

    final ReportFacts facts = new ReportFacts();

    abstract int run(MigrationSpec spec, OwnershipEngine engine, Output out);

    /** How long to wait for another migrator; only the subcommands that take the migrator lock wait. */
    Duration lockWait() {
        return Duration.ZERO;
    }

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        int code;
        String reason;
        String message = null;
        try {
            MigrationSpec spec = options.spec();
            Output out = new Output(command.commandLine().getOut(), options.output);
            code = run(spec, new OwnershipEngine(options.connector(), lockWait()), out);
            reason = code == ExitCodes.VERIFY_PROBLEMS ? "VerifyFailed" : "Succeeded";
        } catch (RuntimeException e) {
            Failure f = Failure.of(e);
            code = f.code();
            reason = f.reason();
            message = fail(err, f.prefix(), e);
        }
        writeReport(code, reason, message, err);
        return code;
    }

    /** How a failure is reported: exit code, reason for the operator, prefix for people. Most specific first. */
    record Failure(Class<? extends RuntimeException> type, int code, String reason, String prefix) {
        static final List<Failure> ALL = List.of(
                new Failure(InvalidSpecException.class, ExitCodes.INVALID, "InvalidSpec", "Invalid: "),
                new Failure(PlanChangedException.class, ExitCodes.PREFLIGHT, "PlanChanged", ""),
                new Failure(PreflightException.class, ExitCodes.PREFLIGHT, "PreflightFailed",
                        "Preflight failed, nothing was changed: "),
                new Failure(LockTimeoutException.class, ExitCodes.FAILED, "LockTimeout", ""),
                new Failure(MigratorBusyException.class, ExitCodes.FAILED, "MigratorBusy", ""),
                new Failure(DatabaseUnreachableException.class, ExitCodes.FAILED, "DatabaseUnreachable", ""),
                new Failure(MigrationException.class, ExitCodes.FAILED, "Failed", "Failed: "),
                new Failure(RuntimeException.class, ExitCodes.FAILED, "Failed", "Unexpected error: "));

        static Failure of(RuntimeException e) {
            return ALL.stream().filter(f -> f.type().isInstance(e)).findFirst().orElseThrow();
        }
    }

    private void writeReport(int code, String reason, String message, PrintWriter err) {
        if (options.terminationMessage == null) {
            return;
        }
        try {
            Files.writeString(options.terminationMessage,
                    facts.report(command.name(), code, reason, message).toJson());
        } catch (IOException e) {
            err.println("Cannot write the report to " + options.terminationMessage + ": " + e.getMessage());
        }
    }

    private String fail(PrintWriter err, String prefix, RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(prefix + (message.contains("\n") ? "\n  " + message.replace("\n", "\n  ") : message));
        if (options.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return message;
    }
}
