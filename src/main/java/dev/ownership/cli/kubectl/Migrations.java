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

/** The OwnershipMigrations of one namespace, read and annotated the way the plugin needs. */
final class Migrations {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int UNPROCESSABLE = 422;
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
     * Approves exactly this plan: one JSON patch that first tests the generation and status.plan.hash, so a plan
     * made after it was read is never approved by this hash's annotation.
     */
    void approve(CurrentPlan plan) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "test").put("path", "/metadata/generation").put("value", plan.generation());
        patch.addObject().put("op", "test").put("path", "/status/plan/hash").put("value", plan.hash());
        annotation(get(plan.name()), patch, Progression.APPROVE_ANNOTATION, plan.hash());
        if (!patched(plan.name(), patch)) {
            OwnershipMigration now = get(plan.name());
            throw new Refusal(ExitCodes.PREFLIGHT, plan.namespace() + "/" + plan.name() + ": the plan changed"
                    + " after it was shown (shown: plan " + plan.hash() + " of generation " + plan.generation()
                    + "; now generation " + now.getMetadata().getGeneration() + ", plan "
                    + (now.getStatus() == null || now.getStatus().plan == null ? "none" : now.getStatus().plan.hash)
                    + "); nothing was approved: read the new plan and approve again");
        }
    }

    /** Sets the retry annotation to this value, unless the resource changed since it was read as Stalled. */
    void retry(OwnershipMigration om, String token) {
        ArrayNode patch = JsonNodeFactory.instance.arrayNode();
        patch.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                .put("value", om.getMetadata().getResourceVersion());
        annotation(om, patch, Progression.RETRY_ANNOTATION, token);
        if (!patched(om.getMetadata().getName(), patch)) {
            throw new Refusal(ExitCodes.PREFLIGHT, namespace + "/" + om.getMetadata().getName() + " changed while"
                    + " it was read; nothing was done: run retry again");
        }
    }

    /** "add" sets a member, but only of an object that exists: a resource without annotations gets the map. */
    private static void annotation(OwnershipMigration om, ArrayNode patch, String key, String value) {
        if (om.getMetadata().getAnnotations() == null) {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations")
                    .set("value", JSON.valueToTree(Map.of(key, value)));
        } else {
            patch.addObject().put("op", "add").put("path", "/metadata/annotations/" + key.replace("/", "~1"))
                    .put("value", value);
        }
    }

    /** @return false when a "test" operation failed (the API server says 422 Unprocessable Entity) */
    private boolean patched(String name, ArrayNode patch) {
        try {
            client.resources(OwnershipMigration.class).inNamespace(namespace).withName(name)
                    .patch(PatchContext.of(PatchType.JSON), patch.toString());
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == UNPROCESSABLE) {
                return false;
            }
            throw e;
        }
    }
}
