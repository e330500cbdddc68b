package dev.ownership.cli.kubectl;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.cli.ExitCodes;
import dev.ownership.operator.Progression;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** The OwnershipMigrations of one namespace, read and annotated the way the plugin needs. */
final class Migrations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNPROCESSABLE = 422;
    private static final int ATTEMPTS = 5;
    private final KubernetesClient client;
    private final String namespace;

    Migrations(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    OwnershipMigration get(String name) {
        OwnershipMigration om = client.resources(OwnershipMigration.class).inNamespace(namespace).withName(name).get();
        if (om == null) {
            throw new Refusal(ExitCodes.FAILED, "ownershipmigration " + namespace + "/" + name + " not found");
        }
        return om;
    }

    List<OwnershipMigration> list() {
        return client.resources(OwnershipMigration.class).inNamespace(namespace).list().getItems();
    }

    CurrentPlan plan(String name) {
        return CurrentPlan.of(get(name), n -> client.configMaps().inNamespace(namespace).withName(n).get());
    }

    /**
     * Approves exactly this plan: annotates the resource only as long as its generation and status.plan.hash are
     * the plan's, so a plan made after it was shown is never approved by this hash.
     */
    void approve(CurrentPlan plan) {
        annotate(plan.name(), Progression.APPROVE_ANNOTATION, plan.hash(), unchanged(plan));
    }

    /** Refuses a resource whose generation or status.plan.hash is no longer the plan's. */
    static Consumer<OwnershipMigration> unchanged(CurrentPlan plan) {
        return now -> {
            String hash = now.getStatus() == null || now.getStatus().plan == null ? null : now.getStatus().plan.hash;
            if (now.getMetadata().getGeneration() != plan.generation() || !plan.hash().equals(hash)) {
                throw new Refusal(ExitCodes.PREFLIGHT, plan.namespace() + "/" + plan.name() + ": the plan changed"
                        + " after it was shown (shown: plan " + plan.hash() + " of generation " + plan.generation()
                        + "; now generation " + now.getMetadata().getGeneration() + ", plan " + hash
                        + "); nothing was approved: read the new plan and approve again");
            }
        };
    }

    /**
     * Sets an annotation on the resource as read and checked: one JSON patch that tests its resourceVersion first.
     * When it changed in between (the operator writes the status often), it is read and checked again.
     *
     * @param check throws a {@link Refusal} when the resource is not (or no longer) as the command needs
     * @return the resource as checked, before the annotation
     */
    OwnershipMigration annotate(String name, String key, String value, Consumer<OwnershipMigration> check) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            OwnershipMigration om = get(name);
            check.accept(om);
            ArrayNode patch = JsonNodeFactory.instance.arrayNode();
            patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                    .put("value", om.getMetadata().getResourceVersion());
            annotation(om, patch, key, value);
            try {
                client.resources(OwnershipMigration.class).inNamespace(namespace).withName(name)
                        .patch(PatchContext.of(PatchType.JSON), patch.toString());
                return om;
            } catch (KubernetesClientException e) {
                // a failed "test" is a 422 without details; a 422 on an unchanged resource is another error
                if (e.getCode() != UNPROCESSABLE || get(name).getMetadata().getResourceVersion()
                        .equals(om.getMetadata().getResourceVersion())) {
                    throw e;
                }
            }
        }
        throw new Refusal(ExitCodes.FAILED, namespace + "/" + name + " changed " + ATTEMPTS + " times while it was"
                + " being annotated; nothing was done: try again");
    }

    /**
     * "add" sets a member, but only of an object that exists: a resource without annotations (Fabric8 reads them
     * as an empty map) gets the whole map.
     */
    private static void annotation(OwnershipMigration om, ArrayNode patch, String key, String value) {
        if (om.getMetadata().getAnnotations() == null || om.getMetadata().getAnnotations().isEmpty()) {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .set("value", JSON.valueToTree(Map.of(key, value)));
        } else {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations/" + key.replace("/", "~1"))
                    .put("value", value);
        }
    }
}
