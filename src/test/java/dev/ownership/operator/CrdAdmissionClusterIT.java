package dev.ownership.operator;

import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The API server, with the CRD of crds/, refuses the specs that would pass a weaker schema and then fail in the
 * operator or in PostgreSQL, naming the field; and it accepts the CRD's CEL rules (their cost included).
 */
@ClusterTest
class CrdAdmissionClusterIT {
    static final String E = "é"; // two bytes in UTF-8
    static final String TEMPLATE = """
            apiVersion: ownership.dev/v1alpha1
            kind: OwnershipMigration
            metadata: {name: "$name"}
            spec:
              database: {secretRef: {name: "$secret"}}
              owner: {table: "$ownerTable", column: id}
              targets:
              - {table: "$table", column: "$column", foreignKeyName: "$fk", indexName: idx_videos_user_id,
                 backfill: {fromParent: {foreignKey: channel_id, table: "$parentTable", column: user_id}}}
              execution: {ledgerSchema: "$ledger"}
              job: {imagePullPolicy: "$pullPolicy"}
            """;
    static final Map<String, String> VALID = Map.of("$name", "videos-owner", "$secret", "db",
            "$ownerTable", "users", "$table", "public.videos", "$column", "user_id", "$fk", "fk_videos_user_id",
            "$parentTable", "channels", "$ledger", "ownership_migration", "$pullPolicy", "IfNotPresent");

    @BeforeAll
    static void crd(KubernetesClient admin) throws IOException {
        try (InputStream crd = new FileInputStream("crds/" + CrdIT.CRD)) {
            // forced: whoever created the CRD before in this shared cluster (Helm, deploy/) owns its fields
            admin.load(crd).forceConflicts().serverSideApply();
        }
        admin.apiextensions().v1().customResourceDefinitions().withName("ownershipmigrations.ownership.dev")
                .waitUntilCondition(CrdAdmissionClusterIT::established, 30, TimeUnit.SECONDS);
    }

    @Test
    void namesAtTheLimitsAreAccepted(TestNamespace namespace) {
        String bytes63 = E.repeat(31) + "x";
        assertThat(create(namespace, Map.of("$name", "videos-owner-" + "x".repeat(240), "$column", bytes63,
                "$table", "s".repeat(63) + "." + bytes63, "$ownerTable", bytes63 + ".users", "$fk", bytes63,
                "$ledger", bytes63, "$pullPolicy", "Always"))).isNotNull();
    }

    @Test
    void eachBadFieldIsRefusedByName(TestNamespace namespace) {
        String bytes64 = E.repeat(32);
        refused(namespace, "$secret", "", "spec.database.secretRef.name");
        refused(namespace, "$secret", "Not_A_Secret", "spec.database.secretRef.name");
        refused(namespace, "$pullPolicy", "Sometimes", "spec.job.imagePullPolicy");
        refused(namespace, "$column", bytes64, "spec.targets[0].column");
        refused(namespace, "$fk", bytes64, "spec.targets[0].foreignKeyName");
        refused(namespace, "$table", "public." + bytes64, "spec.targets[0].table");
        refused(namespace, "$table", bytes64 + ".videos", "spec.targets[0].table");
        refused(namespace, "$ownerTable", bytes64, "spec.owner.table");
        refused(namespace, "$parentTable", "public." + bytes64, "spec.targets[0].backfill.fromParent.table");
        refused(namespace, "$ledger", bytes64, "spec.execution.ledgerSchema");
    }

    private static void refused(TestNamespace namespace, String field, String value, String path) {
        assertThatThrownBy(() -> create(namespace, Map.of(field, value)))
                .as("%s: %s", path, value)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
                    assertThat(e.getCode()).isEqualTo(422);
                    assertThat(e.getMessage()).contains(path + ":");
                });
    }

    /** A dry run: admission and validation happen, nothing is stored. */
    private static GenericKubernetesResource create(TestNamespace namespace, Map<String, String> changed) {
        Map<String, String> values = new HashMap<>(VALID);
        values.putAll(changed);
        String yaml = TEMPLATE;
        for (Map.Entry<String, String> v : values.entrySet()) {
            yaml = yaml.replace(v.getKey(), v.getValue());
        }
        return namespace.client().genericKubernetesResources("ownership.dev/v1alpha1", "OwnershipMigration")
                .resource(Serialization.unmarshal(yaml, GenericKubernetesResource.class)).dryRun().create();
    }

    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Established") && c.getStatus().equals("True"));
    }
}
