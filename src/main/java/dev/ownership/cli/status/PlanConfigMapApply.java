package dev.ownership.cli.status;

import dev.ownership.operator.PlanConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.PrintWriter;
import java.util.Optional;

/**
 * Keeps a plan's text in the ConfigMap the operator described (its metadata, from the plan pod's environment):
 * a server-side apply under the migrator's field manager, so a plan Job run again writes the same object. Best
 * effort, like the live progress: without the Role's configmaps rule (a user-named ServiceAccount) the plan
 * still stands, approved by its hash, and the status names no ConfigMap.
 */
public final class PlanConfigMapApply {
    private PlanConfigMapApply() {
    }

    /** @return the ConfigMap's name once it holds the text */
    public static Optional<String> apply(String metadataJson, String text, String hash, PrintWriter err) {
        try (KubernetesClient client = PodClient.create()) {
            return apply(client, metadataJson, text, hash, err);
        }
    }

    static Optional<String> apply(KubernetesClient client, String metadataJson, String text, String hash,
                                  PrintWriter err) {
        ConfigMap desired = PlanConfigMap.withPlan(Serialization.unmarshal(metadataJson, ConfigMap.class), text, hash);
        try {
            client.resource(desired).fieldManager(StatusProgressPatch.FIELD_MANAGER).forceConflicts().serverSideApply();
            return Optional.of(desired.getMetadata().getName());
        } catch (RuntimeException e) {
            err.println("warning: the plan's text is not kept in ConfigMap " + desired.getMetadata().getName() + " ("
                    + PodClient.reason(e) + "); approve it by its hash from this log");
            err.flush();
            return Optional.empty();
        }
    }
}
