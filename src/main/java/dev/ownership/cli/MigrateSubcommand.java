package dev.ownership.cli;

import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.LockTimeoutException;
import dev.ownership.engine.MigrationException;
import dev.ownership.engine.PreflightException;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Common frame of plan, apply, verify and revert: read the spec, run, map failures to exit codes. */
abstract class MigrateSubcommand implements Callable<Integer> {
    @Mixin
    MigrateOptions options;

    @Spec
    CommandSpec command;

    abstract int run(MigrationSpec spec, OwnershipEngine engine, Output out);

    @Override
    public Integer call() {
        PrintWriter err = command.commandLine().getErr();
        try {
            MigrationSpec spec = options.spec();
            Output out = new Output(command.commandLine().getOut(), options.output);
            return run(spec, new OwnershipEngine(options.connector()), out);
        } catch (InvalidSpecException e) {
            return fail(err, "Invalid: ", e, ExitCodes.INVALID);
        } catch (PreflightException e) {
            return fail(err, "Preflight failed, nothing was changed: ", e, ExitCodes.PREFLIGHT);
        } catch (LockTimeoutException e) {
            return fail(err, "", e, ExitCodes.FAILED);
        } catch (MigrationException e) {
            return fail(err, "Failed: ", e, ExitCodes.FAILED);
        } catch (RuntimeException e) {
            return fail(err, "Unexpected error: ", e, ExitCodes.FAILED);
        }
    }

    private int fail(PrintWriter err, String prefix, RuntimeException e, int code) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        err.println(prefix + (message.contains("\n") ? "\n  " + message.replace("\n", "\n  ") : message));
        if (options.verbose) {
            e.printStackTrace(err);
        }
        err.flush();
        return code;
    }
}
