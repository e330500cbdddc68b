package dev.ownership.cli.kubectl;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.cli.ExitCodes;
import dev.ownership.cli.Output;
import dev.ownership.operator.Conditions;
import dev.ownership.operator.Progression;
import io.fabric8.kubernetes.api.model.Condition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** kubectl ownership retry NAME: a new value of the retry annotation, which reruns a stalled generation's step. */
@Command(name = "retry", mixinStandardHelpOptions = true,
        description = "Retry NAME's failed step: set the annotation " + Progression.RETRY_ANNOTATION
                + " to a new value. Only for a Stalled resource.")
class RetryCommand extends ClusterSubcommand {
    @Parameters(paramLabel = "NAME", description = "The OwnershipMigration.")
    String name;

    record Retried(String namespace, String name, String retry, String stalledReason, String stalledMessage) {
    }

    @Override
    int run(Migrations migrations, Output out) {
        String token = Instant.now().toString();
        OwnershipMigration om = migrations.annotate(name, Progression.RETRY_ANNOTATION, token, o -> stalled(o)
                .orElseThrow(() -> new Refusal(ExitCodes.PREFLIGHT, o.getMetadata().getNamespace() + "/" + name
                        + " is not Stalled (phase " + Optional.ofNullable(o.getStatus()).map(s -> s.phase)
                        .orElse("none yet") + "): there is no failed step to retry")));
        String who = om.getMetadata().getNamespace() + "/" + name;
        Condition stalled = stalled(om).orElseThrow();
        if (out.json()) {
            out.json(new Retried(om.getMetadata().getNamespace(), name, token, stalled.getReason(),
                    stalled.getMessage()));
        } else {
            command.commandLine().getOut().println("Retrying " + who + ", which was Stalled (" + stalled.getReason()
                    + "): annotated " + Progression.RETRY_ANNOTATION + "=" + token + "; the operator reruns the"
                    + " failed step. Follow it with kubectl ownership status " + name + ".");
            command.commandLine().getOut().flush();
        }
        return ExitCodes.OK;
    }

    private static Optional<Condition> stalled(OwnershipMigration om) {
        return Optional.ofNullable(om.getStatus()).flatMap(s -> Conditions.whereTrue(
                Optional.ofNullable(s.conditions).orElse(List.of()), Conditions.STALLED));
    }
}
