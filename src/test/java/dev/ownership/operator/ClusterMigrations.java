package dev.ownership.operator;

import dev.ownership.api.v1alpha1.DatabaseSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationSpec;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** Resources, Secrets and waits of the operator's cluster tests. */
final class ClusterMigrations {
    /** The database password of every test Secret: the secret scan looks for it everywhere. */
    static final String PASSWORD = "pw-" + UUID.randomUUID();

    private ClusterMigrations() {
    }

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
                .addToStringData("password", PASSWORD).build()).create();
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


    /** Waits on the test's own thread (an informer's predicate must not call the API server). */
    static void poll(BooleanSupplier condition, String what) {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(120);
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as(what).isLessThan(deadline);
            pause();
        }
    }

    /** Half a second between two looks at the cluster. */
    static void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
