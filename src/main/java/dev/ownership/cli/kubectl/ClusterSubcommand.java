package dev.ownership.cli.kubectl;

import dev.ownership.cli.ExitCodes;
import dev.ownership.cli.Output;
import dev.ownership.engine.InvalidSpecException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** Common frame of the plugin's commands: connect as kubectl would, run, map failures to exit codes. */
abstract class ClusterSubcommand implements Callable<Integer> {
    @Mixin
    ClusterOptions cluster;

    @Spec
    CommandSpec command;

    abstract int run(Migrations migrations, Output out);

    PrintWriter err() {
        return command.commandLine().getErr();
    }

    @Override
    public Integer call() {
        try (KubernetesClient client = cluster.client()) {
            return run(new Migrations(client, client.getNamespace()),
                    new Output(command.commandLine().getOut(), cluster.output));
        } catch (Refusal e) {
            return fail(e.exitCode, "", e);
        } catch (InvalidSpecException e) {
            return fail(ExitCodes.INVALID, "Invalid: ", e);
        } catch (KubernetesClientException e) {
            // the API server's own words (Forbidden, NotFound of the CRD, unreachable) say it best
            return fail(ExitCodes.FAILED, "Failed: ", e);
        }
    }

    private int fail(int code, String prefix, RuntimeException e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        // "Operation: [list] ... failed." alone does not say that the cluster was not reachable
        err().println(prefix + e.getMessage() + (cause == e ? "" : " (" + cause + ")"));
        if (cluster.verbose) {
            e.printStackTrace(err());
        }
        err().flush();
        return code;
    }
}
