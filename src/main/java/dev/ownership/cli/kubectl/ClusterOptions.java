package dev.ownership.cli.kubectl;

import dev.ownership.cli.MigrateOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Where the cluster is, as kubectl takes it: --kubeconfig (else KUBECONFIG, ~/.kube/config), --context, -n. */
public class ClusterOptions {
    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubeconfig file (default: KUBECONFIG, else ~/.kube/config, as kubectl).")
    Path kubeconfig;

    @Option(names = "--context", paramLabel = "CONTEXT", description = "Kubeconfig context (default: its current one).")
    String context;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace (default: the context's, else default).")
    String namespace;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    MigrateOptions.OutputFormat output;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    Config config() {
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig.toFile())
                : Config.autoConfigure(context);
        if (namespace != null) {
            config.setNamespace(namespace);
        }
        config.setNamespace(Optional.ofNullable(config.getNamespace()).orElse("default"));
        return config;
    }

    KubernetesClient client() {
        return new KubernetesClientBuilder().withConfig(config()).build();
    }
}
