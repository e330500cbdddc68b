package dev.ownership.cli.status;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.engine.InvalidSpecException;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Server-side applies {@code status.progress} and {@code status.waitingFor} of the migrator's own resource, under
 * its own field manager (a field left out of an apply is dropped: waitingFor goes once the lock is held),
 * so it never fights the operator over the rest of the status. Best effort: the result travels in the
 * termination message anyway, so a refused patch (no Role for a user-named ServiceAccount) is said once
 * and then left alone.
 */
public final class StatusProgressPatch implements Consumer<LiveStatus>, AutoCloseable {
    public static final String FIELD_MANAGER = "ownership-migrator";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final PrintWriter err;
    private boolean failed;

    private StatusProgressPatch(KubernetesClient client, String namespace, String name, PrintWriter err) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.err = err;
    }

    /** @param resource NAMESPACE/NAME of the OwnershipMigration */
    public static StatusProgressPatch to(String resource, PrintWriter err) {
        String[] parts = resource.split("/", -1);
        if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
            throw new InvalidSpecException("--report-status: expected NAMESPACE/NAME, got '" + resource + "'");
        }
        // the engine waits for each patch: a slow or unreachable API server must cost seconds, not minutes
        return new StatusProgressPatch(PodClient.create(), parts[0], parts[1], err);
    }

    @Override
    public void accept(LiveStatus live) {
        if (failed) {
            return;
        }
        try {
            // bound to a local object, so the patch is all that is sent: the pod may not even read the resource
            OwnershipMigration target = new OwnershipMigration();
            target.getMetadata().setName(name);
            target.getMetadata().setNamespace(namespace);
            client.resources(OwnershipMigration.class).inNamespace(namespace).resource(target).subresource("status")
                    .patch(new PatchContext.Builder().withPatchType(PatchType.SERVER_SIDE_APPLY)
                            .withFieldManager(FIELD_MANAGER).withForce(true).build(), body(live));
        } catch (RuntimeException e) { // KubernetesClientException mostly; whatever it is, the run goes on
            failed = true;
            err.println("warning: live progress is not reported to " + namespace + "/" + name + " ("
                    + PodClient.reason(e) + "); the outcome still is, at the end");
            err.flush();
        }
    }

    private String body(LiveStatus live) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", OwnershipMigration.GROUP + "/" + OwnershipMigration.VERSION);
        doc.put("kind", "OwnershipMigration");
        doc.put("metadata", Map.of("name", name, "namespace", namespace));
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("progress", live.progress());
        if (live.waitingFor() != null) {
            status.put("waitingFor", live.waitingFor());
        }
        doc.put("status", status);
        return Serialization.asJson(doc);
    }

    @Override
    public void close() {
        client.close();
    }
}
