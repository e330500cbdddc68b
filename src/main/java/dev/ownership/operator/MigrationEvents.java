package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Instant;

/** An Event on the resource for each transition, so {@code kubectl describe om X} tells the story. */
final class MigrationEvents {
    private MigrationEvents() {
    }

    static void record(KubernetesClient client, OwnershipMigration om, Decision d) {
        String now = Instant.now().toString();
        client.v1().events().inNamespace(om.getMetadata().getNamespace()).resource(new EventBuilder()
                .withNewMetadata().withGenerateName(om.getMetadata().getName() + ".")
                .withNamespace(om.getMetadata().getNamespace()).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(om.getApiVersion()).withKind(om.getKind())
                        .withName(om.getMetadata().getName()).withNamespace(om.getMetadata().getNamespace())
                        .withUid(om.getMetadata().getUid()).build())
                .withType(d.state() == Decision.State.STALLED ? "Warning" : "Normal")
                .withReason(d.reason())
                .withMessage(d.phase() + ": " + d.message())
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("ownership-operator").endSource()
                .build()).create();
    }
}
