package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.engine.model.Identifiers;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Instant;

/**
 * An Event on the resource for each transition, so {@code kubectl describe om X} tells the story. An Event
 * is named after what it says, so saying the same thing again (a finalizer held through many reconciles)
 * adds nothing.
 */
final class MigrationEvents {
    private static final Logger LOG = Logger.getLogger(MigrationEvents.class);
    /** Event names are object names (253 characters); the resource's name is shortened to leave room. */
    private static final int NAME_ROOM = 200;

    private MigrationEvents() {
    }

    static void record(KubernetesClient client, OwnershipMigration om, String phase, String reason, String message,
                       boolean warning) {
        String now = Instant.now().toString();
        String name = om.getMetadata().getName();
        String text = phase + ": " + message;
        String eventName = name.substring(0, Math.min(name.length(), NAME_ROOM)).replaceAll("[.-]+$", "") + "."
                + Identifiers.shortHash(om.getMetadata().getUid() + "\n" + reason + "\n" + text);
        try {
            client.v1().events().inNamespace(om.getMetadata().getNamespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(eventName).withNamespace(om.getMetadata().getNamespace()).endMetadata()
                    .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(om.getApiVersion())
                            .withKind(om.getKind()).withName(name).withNamespace(om.getMetadata().getNamespace())
                            .withUid(om.getMetadata().getUid()).build())
                    .withType(warning ? "Warning" : "Normal")
                    .withReason(reason)
                    .withMessage(text)
                    .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                    .withNewSource().withComponent("ownership-operator").endSource()
                    .build()).create();
        } catch (KubernetesClientException e) {
            // the same Event exists already (409), or none can be created (a terminating namespace refuses them):
            // an Event tells the story, it must never hold up a reconcile or a deletion
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                LOG.debugf("%s/%s: Event %s not recorded: %s", om.getMetadata().getNamespace(), name, reason,
                        e.getMessage());
            }
        }
    }
}
