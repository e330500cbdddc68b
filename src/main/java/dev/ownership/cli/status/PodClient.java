package dev.ownership.cli.status;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** The migrator pod's client of the API server: its ServiceAccount, and failures that cost seconds, not minutes. */
final class PodClient {
    private PodClient() {
    }

    static KubernetesClient create() {
        Config config = new ConfigBuilder(Config.autoConfigure(null)).withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(3_000).withRequestTimeout(5_000).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    /** Why a request failed, in a line: the API server's code and message when it answered. */
    static String reason(RuntimeException e) {
        return e instanceof KubernetesClientException k && k.getStatus() != null
                ? k.getCode() + " " + k.getStatus().getMessage() : e.getMessage();
    }
}
