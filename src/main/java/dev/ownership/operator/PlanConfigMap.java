package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ConfigMap that keeps a generation's plan text where a reviewer reads it before approving its hash. The
 * operator decides its metadata (name, labels, owner) and hands it to the plan pod, which adds the text and
 * applies it: the text never has to fit in the 4 KB termination message. Owned by the resource, so every
 * generation's plan stays until the resource goes.
 */
public final class PlanConfigMap {
    /** The environment variable of the plan pod that holds {@link #metadata} as JSON. */
    public static final String ENV = "OWNERSHIP_PLAN_CONFIGMAP";
    public static final String TEXT_KEY = "plan.txt";
    public static final String HASH_KEY = "hash";

    private PlanConfigMap() {
    }

    /** The name of the generation's plan Job: one ConfigMap per generation, found next to the Job that wrote it. */
    public static String name(OwnershipMigration om) {
        return JobNames.of(om, Action.PLAN);
    }

    /** Everything but the data; the owner reference does not block the resource's deletion (the pod may not). */
    public static ConfigMap metadata(OwnershipMigration om) {
        return new ConfigMapBuilder().withNewMetadata()
                .withName(name(om))
                .withNamespace(om.getMetadata().getNamespace())
                .withLabels(Map.of("app.kubernetes.io/name", "ownership-operator",
                        "app.kubernetes.io/component", "plan", MigratorJob.LABEL_MIGRATION, JobNames.label(om)))
                .addNewOwnerReference()
                    .withApiVersion(HasMetadata.getApiVersion(OwnershipMigration.class))
                    .withKind(HasMetadata.getKind(OwnershipMigration.class))
                    .withName(om.getMetadata().getName())
                    .withUid(om.getMetadata().getUid())
                .endOwnerReference()
                .endMetadata().build();
    }

    /** The ConfigMap the plan pod applies: the operator's metadata with the plan's text and hash. */
    public static ConfigMap withPlan(ConfigMap metadata, String text, String hash) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(TEXT_KEY, text);
        data.put(HASH_KEY, hash);
        return new ConfigMapBuilder(metadata).withData(data).build();
    }

    /** The command that prints the plan text. */
    public static String readCommand(String name) {
        return "kubectl get configmap " + name + " -o jsonpath='{.data.plan\\.txt}'";
    }
}
