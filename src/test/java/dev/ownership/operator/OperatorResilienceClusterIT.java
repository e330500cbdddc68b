package dev.ownership.operator;

import dev.ownership.api.v1alpha1.ExecutionSpec;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.cli.status.StatusProgressPatch;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.NodeFiles;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.has;
import static dev.ownership.operator.ClusterMigrations.migration;
import static dev.ownership.operator.ClusterMigrations.secretFor;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What happens to a backfill in flight: live progress in the status, the apply Job deleted (its pod
 * killed), the operator restarted. Each ends Ready with every row owned and nothing done twice.
 */
@ClusterTest
class OperatorResilienceClusterIT {
    @RegisterExtension
    static final RunningOperator operator = RunningOperator.started();

    /** seed 1 with a backfill slow enough to be caught in the middle. */
    static Resource<OwnershipMigration> slowBackfill(TestNamespace ns, TestDatabase db, String name) {
        secretFor(ns, db, name + "-db");
        OwnershipMigration spec = migration(name, "seed1.yaml", name + "-db");
        spec.getSpec().execution = slowExecution();
        var om = ns.client().resource(spec);
        om.create();
        return om;
    }

    /** Fixed batches of 100 with a pause: a backfill slow enough to be caught in the middle. */
    static ExecutionSpec slowExecution() {
        ExecutionSpec execution = new ExecutionSpec();
        execution.batchSize = 100;
        execution.targetBatchTime = "0s";
        execution.pauseBetweenBatches = "150ms";
        return execution;
    }

    static OwnershipMigration midBackfill(Resource<OwnershipMigration> om) {
        return await(om, o -> "Applying".equals(o.getStatus().phase) && o.getStatus().progress != null
                && o.getStatus().progress.stream().anyMatch(p -> p.rowsDone != null && p.rowsDone > 0
                && p.rowsTotal != null && p.rowsDone < p.rowsTotal));
    }

    @Test
    void theMigratorPodReportsLiveProgressUnderItsOwnFieldManager(TestNamespace ns) {
        TestDatabase db = Fixtures.seed1(3_000);
        var om = slowBackfill(ns, db, "live");

        OwnershipMigration running = midBackfill(om);
        assertThat(running.getMetadata().getManagedFields()).anySatisfy(f -> {
            assertThat(f.getManager()).isEqualTo(StatusProgressPatch.FIELD_MANAGER);
            assertThat(f.getSubresource()).isEqualTo("status");
            assertThat(f.getFieldsV1().getAdditionalProperties().toString()).contains("f:progress");
        });
        // the rate and the time left follow once the migrator has measured them
        String backfilling = "applying: public\\.videos\\.user_id backfill \\d+%( \\S+ rows/s(, ~\\S+ left)?)?";
        OwnershipMigration shown = await(om, o -> o.getStatus().progressSummary.matches(backfilling)
                || "Ready".equals(o.getStatus().phase));
        assertThat(shown.getStatus().progressSummary).as("the Progress column during the backfill").matches(backfilling);

        OwnershipMigration ready = await(om, has("Ready", "True"));
        assertThat(ready.getStatus().progress).as("the operator's status updates leave the pod's field alone")
                .isNotEmpty().allSatisfy(p -> assertThat(p.step).endsWith(" done"));
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
    }

    @Test
    void aDeletedApplyJobIsCreatedAgainAndResumes(TestNamespace ns) throws IOException {
        TestDatabase db = Fixtures.seed1(3_000);
        var om = slowBackfill(ns, db, "deleted");
        midBackfill(om);
        var apply = ns.client().batch().v1().jobs().withName("deleted-apply-g1");
        String firstUid = apply.get().getMetadata().getUid();

        apply.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();

        await(om, has("Ready", "True"));
        Job second = apply.get();
        assertThat(second.getMetadata().getUid()).as("the Job was created again").isNotEqualTo(firstUid);
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        Pod pod = ns.client().pods().withLabel("job-name", "deleted-apply-g1").list().getItems().stream()
                .filter(p -> p.getMetadata().getOwnerReferences().get(0).getUid().equals(second.getMetadata().getUid()))
                .findFirst().orElseThrow();
        Matcher first = Pattern.compile("videos\\.user_id: backfilled (\\d+) of").matcher(podLog(pod));
        assertThat(first.find()).as("the new pod backfilled videos").isTrue();
        assertThat(Long.parseLong(first.group(1))).as("it went on from the checkpoint, not from the first batch")
                .isGreaterThan(100);
    }

    @Test
    void anUnreachableDatabaseIsRetriedByTheJobThenStalls(TestNamespace ns) {
        ns.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("gone-db").endMetadata()
                .addToStringData("jdbcUrl", "jdbc:postgresql://127.0.0.1:1/nowhere")
                .addToStringData("username", "app").addToStringData("password", ClusterMigrations.PASSWORD).build())
                .create();
        OwnershipMigration spec = migration("unreachable", "seed2.yaml", "gone-db");
        spec.getSpec().job = new JobSpec();
        spec.getSpec().job.backoffLimit = 1;
        var om = ns.client().resource(spec);
        om.create();

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(ClusterMigrations.condition(stalled, "Stalled").getReason()).isEqualTo("DatabaseUnreachable");
        assertThat(ClusterMigrations.condition(stalled, "Stalled").getMessage())
                .as("names where the value came from, never a value read from the Secret")
                .contains("OWNERSHIP_JDBC_URL").contains("connection refused")
                .doesNotContain("127.0.0.1").doesNotContain("nowhere").doesNotContain(ClusterMigrations.PASSWORD);
        assertThat(ns.client().pods().withLabel("job-name", "unreachable-plan-g1").list().getItems())
                .as("retried once (backoffLimit 1): it might have been a passing network problem").hasSize(2);
    }

    @Test
    void aLockHeldThroughEveryRetryStallsNamingTheHolderAndGoesOnWithARetry(TestNamespace ns) throws Exception {
        TestDatabase db = Fixtures.seed1(200);
        secretFor(ns, db, "locked-db");
        OwnershipMigration spec = migration("locked", "seed1.yaml", "locked-db");
        spec.getSpec().execution = new ExecutionSpec();
        spec.getSpec().execution.lockTimeout = "200ms";
        spec.getSpec().execution.lockRetries = 0;
        spec.getSpec().job = new JobSpec();
        spec.getSpec().job.backoffLimit = 1;
        var om = ns.client().resource(spec);
        try (Connection application = db.connect()) {
            // a reader's lock, held by an open transaction without a snapshot (one would hold up CREATE INDEX
            // CONCURRENTLY for its own, longer timeout): ADD COLUMN on videos cannot get its lock
            application.setAutoCommit(false);
            try (var lock = application.createStatement()) {
                lock.execute("LOCK TABLE videos IN ACCESS SHARE MODE");
            }
            om.create();

            OwnershipMigration stalled = await(om, has("Stalled", "True"));
            assertThat(ClusterMigrations.condition(stalled, "Stalled").getReason()).isEqualTo("LockTimeout");
            assertThat(ClusterMigrations.condition(stalled, "Stalled").getMessage()).contains("blocking sessions")
                    .contains("public.videos");
            assertThat(ns.client().pods().withLabel("job-name", "locked-apply-g1").list().getItems())
                    .as("a lock timeout is worth a retry").hasSize(2);
            application.rollback();
        }
        var failed = ns.client().batch().v1().jobs().withName("locked-apply-g1");
        failed.withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        failed.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
        Thread.sleep(5_000); // a reconcile that would start the failed step again has had its chance
        assertThat(ClusterMigrations.condition(om.get(), "Stalled").getStatus())
                .as("cleaning up the failed Job is not a retry").isEqualTo("True");
        assertThat(failed.get()).isNull();

        om.edit(o -> {
            o.getMetadata().getAnnotations().put(Progression.RETRY_ANNOTATION, "after-the-lock-went");
            return o;
        });
        await(om, has("Ready", "True"));
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
    }

    static String podLog(Pod pod) throws IOException {
        return Files.readString(NodeFiles.log(pod, MigratorJob.CONTAINER));
    }

    @Test
    void anOperatorRestartedDuringApplyLetsTheRunningJobFinish(TestNamespace ns) throws Exception {
        TestDatabase db = Fixtures.seed1(3_000);
        var om = slowBackfill(ns, db, "restart");
        midBackfill(om);

        operator.restart();

        await(om, has("Ready", "True"));
        assertThat(OperatorClusterIT.jobs(ns)).containsExactlyInAnyOrder("restart-plan-g1", "restart-apply-g1",
                "restart-verify-g1");
        assertThat(ns.client().pods().withLabel("job-name", "restart-apply-g1").list().getItems())
                .as("one apply pod ran through the restart").hasSize(1);
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
    }
}
