package dev.ownership.operator;

import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.condition;
import static dev.ownership.operator.ClusterMigrations.has;
import static dev.ownership.operator.ClusterMigrations.migration;
import static dev.ownership.operator.ClusterMigrations.secretFor;
import static dev.ownership.operator.OperatorTrustClusterIT.reasons;
import static org.assertj.core.api.Assertions.assertThat;

/** The operator's bounds on its Jobs: how many run at once, and how long a pod may take to start. */
@ClusterTest
class OperatorLimitsClusterIT {
    static final String MISSING_IMAGE = "registry.example/not-here:1";
    @RegisterExtension
    static final RunningOperator operator = RunningOperator.started(Map.of("OWNERSHIP_MAX_RUNNING_JOBS", "1",
            "OWNERSHIP_JOB_START_TIMEOUT", "5s", "OWNERSHIP_ALLOWED_IMAGES", MISSING_IMAGE));

    @Test
    void migrationsAppliedTogetherTakeTurnsWithinTheCap(TestNamespace ns) {
        List<Resource<OwnershipMigration>> all = new ArrayList<>();
        List<TestDatabase> dbs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            TestDatabase db = Fixtures.seed1(300);
            dbs.add(db);
            secretFor(ns, db, "db-" + i);
            var om = ns.client().resource(migration("turn-" + i, "seed1.yaml", "db-" + i));
            om.create();
            all.add(om);
        }
        int most = 0;
        long deadline = System.currentTimeMillis() + 240_000;
        while (!all.stream().allMatch(om -> om.get().getStatus() != null && has("Ready", "True").test(om.get()))) {
            assertThat(System.currentTimeMillis()).as("all Ready in time").isLessThan(deadline);
            most = Math.max(most, (int) ns.client().batch().v1().jobs().list().getItems().stream()
                    .filter(OperatorLimitsClusterIT::running).count());
            assertThat(all).noneMatch(om -> om.get().getStatus() != null && has("Stalled", "True").test(om.get()));
        }
        assertThat(most).as("never more migrator Jobs than the cap").isEqualTo(1);
        assertThat(reasons(ns)).contains("WaitingForSlot");
        for (TestDatabase db : dbs) {
            assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        }
    }

    @Test
    void aJobWhosePodCannotStartStallsSayingWhy(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        secretFor(ns, db, "media-db");
        OwnershipMigration spec = migration("no-image", "seed2.yaml", "media-db");
        spec.getSpec().job = new JobSpec();
        spec.getSpec().job.image = MISSING_IMAGE;
        var om = ns.client().resource(spec);
        om.create();

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("JobNotStarted");
        assertThat(condition(stalled, "Stalled").getMessage()).contains("no-image-plan-g1").contains("ErrImagePull");
    }

    private static boolean running(Job job) {
        return job.getStatus() == null || job.getStatus().getConditions() == null || job.getStatus().getConditions()
                .stream().noneMatch(c -> "True".equals(c.getStatus())
                        && ("Complete".equals(c.getType()) || "Failed".equals(c.getType())));
    }
}
