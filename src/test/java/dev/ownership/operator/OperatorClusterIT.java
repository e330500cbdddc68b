package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.DatabaseSpec;
import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationSpec;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator end to end on the local control plane: resources in, Jobs run by the real Job controller
 * and the process node, the real migrator against embedded PostgreSQL, status out.
 */
@ClusterTest
class OperatorClusterIT {
    @RegisterExtension
    static final RunningOperator OPERATOR = new RunningOperator("operator");

    static OwnershipMigration migration(String name, String seedSpec, String secret) {
        OwnershipMigration om = new OwnershipMigration();
        om.getMetadata().setName(name);
        om.setSpec(Serialization.unmarshal(Serialization.asJson(Serialization.unmarshal(Fixtures.resource(seedSpec),
                Map.class).get("spec")), OwnershipMigrationSpec.class));
        om.getSpec().database = new DatabaseSpec();
        om.getSpec().database.secretRef = new DatabaseSpec.SecretRef();
        om.getSpec().database.secretRef.name = secret;
        return om;
    }

    static void secretFor(TestNamespace ns, TestDatabase db, String name) {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName(name).endMetadata()
                .addToStringData("jdbcUrl", db.jdbcUrl()).addToStringData("username", "postgres")
                .addToStringData("password", "not-used-by-the-embedded-server").build()).create();
    }

    static OwnershipMigration await(Resource<OwnershipMigration> om, Predicate<OwnershipMigration> condition) {
        return om.waitUntilCondition(o -> o != null && o.getStatus() != null && condition.test(o), Long.getLong("await.seconds", 240), TimeUnit.SECONDS);
    }

    static Predicate<OwnershipMigration> has(String type, String status) {
        return o -> o.getStatus().conditions.stream()
                .anyMatch(c -> c.getType().equals(type) && c.getStatus().equals(status)
                        && o.getMetadata().getGeneration().equals(o.getStatus().observedGeneration));
    }

    static Condition condition(OwnershipMigration om, String type) {
        return om.getStatus().conditions.stream().filter(c -> c.getType().equals(type)).findFirst().orElseThrow();
    }

    @Test
    void seed1GoesFromPlanToReady(TestNamespace ns) {
        TestDatabase db = Fixtures.seed1(2_000);
        secretFor(ns, db, "bookmarks-db");
        var om = ns.client().resource(migration("videos-owner", "seed1.yaml", "bookmarks-db"));
        om.create();

        OwnershipMigration ready = await(om, has("Ready", "True"));

        assertThat(ready.getStatus().phase).isEqualTo("Ready");
        assertThat(condition(ready, "Ready").getReason()).isEqualTo("Applied");
        assertThat(condition(ready, "Stalled").getStatus()).isEqualTo("False");
        assertThat(ready.getStatus().plan.hash).matches("[0-9a-f]{16}");
        assertThat(ready.getStatus().plan.rowsToBackfill).isEqualTo(2_020);
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        assertThat(ns.client().batch().v1().jobs().list().getItems()).extracting(j -> j.getMetadata().getName())
                .containsExactlyInAnyOrder("videos-owner-plan-g1", "videos-owner-apply-g1", "videos-owner-verify-g1");
        assertThat(ns.client().v1().events().list().getItems()).extracting(e -> e.getReason())
                .contains("Planning", "Applying", "Verifying", "Applied");
    }

    @Test
    void manualApprovalRunsOnlyTheApprovedPlan(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        secretFor(ns, db, "media-db");
        OwnershipMigration spec = migration("media-owner", "seed2.yaml", "media-db");
        spec.getSpec().approval = Approval.Manual;
        var om = ns.client().resource(spec);
        om.create();

        OwnershipMigration waiting = await(om, has("AwaitingApproval", "True"));
        String hash = waiting.getStatus().plan.hash;
        assertThat(condition(waiting, "AwaitingApproval").getReason()).isEqualTo("ApprovalRequired");
        assertThat(condition(waiting, "Ready").getStatus()).isEqualTo("False");
        assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'album_media'"
                + " AND column_name = 'user_id'")).as("nothing applied before approval").isEqualTo("YES");

        om.edit(o -> {
            o.getMetadata().getAnnotations().put(Progression.APPROVE_ANNOTATION, "0123456789abcdef");
            return o;
        });
        OwnershipMigration stale = await(om, o -> condition(o, "AwaitingApproval").getReason().equals("ApprovalStale"));
        assertThat(condition(stale, "AwaitingApproval").getMessage()).contains("not this plan");

        om.edit(o -> {
            o.getMetadata().getAnnotations().put(Progression.APPROVE_ANNOTATION, hash);
            return o;
        });
        await(om, has("Ready", "True"));
        assertThat(db.count("SELECT count(*) FROM album_media WHERE user_id IS NULL")).isZero();
    }

    @Test
    void theApiServerRefusesWhatTheSchemaForbids(TestNamespace ns) {
        OwnershipMigration setNull = migration("bad", "seed2.yaml", "db");
        setNull.getSpec().targets.get(0).onDelete = dev.ownership.api.v1alpha1.OnDelete.SetNull;
        assertThatThrownBy(() -> ns.client().resource(setNull).create()).isInstanceOf(KubernetesClientException.class)
                .hasMessageContaining("onDelete SetNull cannot work");

        OwnershipMigration twice = migration("twice", "seed2.yaml", "db");
        twice.getSpec().targets.add(twice.getSpec().targets.get(0));
        assertThatThrownBy(() -> ns.client().resource(twice).create()).hasMessageContaining("listed only once");

        OwnershipMigration badDuration = migration("slow", "seed2.yaml", "db");
        badDuration.getSpec().execution.lockTimeout = "2 seconds";
        assertThatThrownBy(() -> ns.client().resource(badDuration).create()).hasMessageContaining("lockTimeout");
    }

    @Test
    void aMissingSecretStallsUntilItAppears(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        var om = ns.client().resource(migration("waits-for-secret", "seed2.yaml", "late-db"));
        om.create();

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("SecretNotReady");
        assertThat(condition(stalled, "Stalled").getMessage()).isEqualTo("Secret late-db does not exist");

        secretFor(ns, db, "late-db");
        await(om, has("Ready", "True"));
    }
}
