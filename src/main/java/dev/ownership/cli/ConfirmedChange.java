package dev.ownership.cli;

import dev.ownership.api.v1alpha1.Durations;
import dev.ownership.cli.status.LiveProgress;
import dev.ownership.cli.status.StatusProgressPatch;
import dev.ownership.engine.CompositeListener;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.MigrationListener;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.RunResult;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Option;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A subcommand that changes the database: show the plan, ask (or take --yes), run with progress. */
abstract class ConfirmedChange extends MigrateSubcommand {
    private static final Duration STATUS_EVERY = Duration.ofSeconds(2);

    @Option(names = {"-y", "--yes"}, description = "Do not ask for confirmation.")
    boolean yes;

    @Option(names = "--plan-hash", paramLabel = "HASH",
            description = "Run only if the plan still has this hash (the one that was approved).")
    String approvedHash;

    @Option(names = "--lock-wait", paramLabel = "DURATION", defaultValue = "0s",
            description = "How long to wait while another migrator works on the database, such as 30s or 10m, or"
                    + " forever (default: ${DEFAULT-VALUE}, fail at once). Who it waits for is said once per holder.")
    String lockWait;

    @Override
    Duration lockWait() {
        if (lockWait.equals("forever")) {
            return OwnershipEngine.LOCK_WAIT_FOREVER;
        }
        return Durations.parse(lockWait).orElseThrow(() -> new InvalidSpecException("--lock-wait: '" + lockWait
                + "' is not a duration such as 0s, 30s or 10m, nor forever"));
    }

    abstract Plan plan(OwnershipEngine engine, MigrationSpec spec);

    /** @param approvedHash the engine runs only if its plan, made under the migrator lock, still has this hash */
    abstract RunResult execute(OwnershipEngine engine, MigrationSpec spec, MigrationListener listener,
                               Optional<String> approvedHash);

    /** Said before asking, such as what is lost. */
    abstract String warning();

    abstract String verb();

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        Plan plan = plan(engine, spec);
        facts.plan(plan);
        if (!yes) {
            out.plan(plan);
        }
        if (plan.nothingToDo()) {
            command.commandLine().getOut().println("Nothing to " + verb() + ".");
            return ExitCodes.OK;
        }
        if (!warning().isEmpty()) {
            command.commandLine().getErr().println(warning());
        }
        if (!Confirmation.confirmed(yes, verb().substring(0, 1).toUpperCase() + verb().substring(1) + " plan "
                + plan.hash() + " of " + spec.name() + "?")) {
            command.commandLine().getErr().println("Nothing was done.");
            return ExitCodes.FAILED;
        }
        try (ProgressReporter console = ProgressReporter.forConsole(command.commandLine().getErr());
             StatusProgressPatch patch = options.reportStatus == null ? null
                     : StatusProgressPatch.to(options.reportStatus, command.commandLine().getErr());
             LiveProgress status = new LiveProgress(patch == null ? p -> { } : patch, STATUS_EVERY,
                     Clock.systemUTC())) {
            // what was approved, or else what a person just confirmed, is what may run
            Optional<String> expected = Optional.ofNullable(approvedHash).or(() -> yes ? Optional.empty()
                    : Optional.of(plan.hash()));
            RunResult result = execute(engine, spec, new CompositeListener(List.of(console, status)), expected);
            facts.result(result);
            out.result(result);
        }
        return ExitCodes.OK;
    }
}
