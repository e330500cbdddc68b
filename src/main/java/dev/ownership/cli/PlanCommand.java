package dev.ownership.cli;

import dev.ownership.cli.status.PlanConfigMapApply;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.engine.plan.Plan;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Dry run: show every step with its SQL and lock, rows to backfill and sample orphans. Changes nothing.")
class PlanCommand extends MigrateSubcommand {
    @Option(names = "--revert", description = "Plan the revert instead: its hash is the one `revert --plan-hash` takes.")
    boolean revert;

    @Option(names = "--no-samples", description = "Leave the sample rows without owner (application data) out of the"
            + " text: the plan as the cluster keeps it.")
    boolean noSamples;

    @Option(names = "--plan-config-map-env", paramLabel = "VAR",
            description = "In a plan Job's pod: also keep the text (as --no-samples prints it) in the ConfigMap whose"
                    + " metadata is the JSON in this environment variable, by server-side apply.")
    String configMapEnv;

    @Override
    int run(MigrationSpec spec, OwnershipEngine engine, Output out) {
        String metadata = configMapEnv == null ? null : options.variable("--plan-config-map-env", configMapEnv);
        Plan plan = revert ? engine.planRevert(spec) : engine.plan(spec);
        facts.plan(plan);
        boolean samples = !noSamples && configMapEnv == null; // the pod's log then shows the very text kept
        out.plan(plan, samples);
        if (metadata != null) {
            PlanConfigMapApply.apply(metadata, PlanText.of(plan, false), plan.hash(), command.commandLine().getErr())
                    .ifPresent(facts::planConfigMap);
        }
        return ExitCodes.OK;
    }
}
