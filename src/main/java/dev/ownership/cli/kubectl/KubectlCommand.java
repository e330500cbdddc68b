package dev.ownership.cli.kubectl;

import picocli.CommandLine.Command;

/** {@code kubectl ownership ...}: bin/kubectl-ownership runs this jar with {@code kubectl} first. */
@Command(name = "kubectl", mixinStandardHelpOptions = true,
        description = "The kubectl plugin (kubectl ownership): read the plan of an OwnershipMigration, approve it,"
                + " retry a stalled one, see progress. Uses your kubeconfig, like kubectl.%n"
                + "Exit codes: 0 done, 1 failed (API error, not found, not confirmed), 2 invalid usage (such as"
                + " approve without --yes and without a terminal), 3 the resource is not in the state the command needs"
                + " (no plan of its current generation, the plan changed, not Stalled); nothing was changed.",
        subcommands = {ShowPlanCommand.class, ApproveCommand.class, RetryCommand.class, StatusCommand.class})
public class KubectlCommand {
}
