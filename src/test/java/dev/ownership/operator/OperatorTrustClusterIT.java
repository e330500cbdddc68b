package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.sql.Connection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.condition;
import static dev.ownership.operator.ClusterMigrations.has;
import static dev.ownership.operator.ClusterMigrations.migration;
import static dev.ownership.operator.ClusterMigrations.poll;
import static dev.ownership.operator.ClusterMigrations.secretFor;
import static dev.ownership.operator.OperatorClusterIT.createSeed2;
import static dev.ownership.operator.OperatorClusterIT.jobs;
import static dev.ownership.operator.OperatorResilienceClusterIT.midBackfill;
import static dev.ownership.operator.OperatorResilienceClusterIT.slowBackfill;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The unhappy paths a platform team tries before it trusts the operator with production tables: Jobs
 * cleaned up after the fact, deleting a resource in the middle of an apply (background and foreground),
 * a revert that waits for approval, a spec that makes the API server refuse the Job.
 */
@ClusterTest
class OperatorTrustClusterIT {
    @RegisterExtension
    static final RunningOperator operator = RunningOperator.started();

    /** The migrator lock's key (MigratorLock.KEY: "ownershp" in ASCII). */
    private static final long MIGRATOR_LOCK = 0x6f776e6572736870L;
    /** Long enough for a reconcile that would restart a finished flow to have done so. */
    private static final long QUIET_SECONDS = 8;

    @Test
    void expiredJobsLeaveAReadyGenerationReadyAndTheDatabaseAlone(TestNamespace ns) throws InterruptedException {
        TestDatabase db = Fixtures.seed2();
        var om = createSeed2(ns, db, "expiring", spec -> {
            spec.approval = Approval.Manual;
            spec.job = new JobSpec();
            spec.job.ttlSecondsAfterFinished = 0;
        });
        String hash = await(om, has("AwaitingApproval", "True")).getStatus().plan.hash;
        awaitNoJobs(ns); // the plan Job expired while nobody approved
        approve(om, hash);
        OwnershipMigration ready = await(om, has("Ready", "True"));
        awaitNoJobs(ns);
        String snapshot = Snapshot.of(db, null);

        Thread.sleep(TimeUnit.SECONDS.toMillis(QUIET_SECONDS));

        OwnershipMigration after = om.get();
        assertThat(condition(after, "Ready").getStatus()).as("the status is the record").isEqualTo("True");
        assertThat(after.getStatus().finishedAt).isEqualTo(ready.getStatus().finishedAt);
        assertThat(after.getStatus().plan.hash).isEqualTo(hash);
        assertThat(jobs(ns)).as("nothing runs again").isEmpty();
        assertThat(Snapshot.of(db, null)).as("not even the ledger is touched").isEqualTo(snapshot);
        assertThat(reasons(ns).stream().filter("SuccessfulCreate"::equals).count())
                .as("one pod each for plan, apply and verify, and none since").isEqualTo(3);
    }

    @Test
    void deletingDuringApplyWaitsForTheApplyAndLeavesAFullyAppliedTable(TestNamespace ns) {
        TestDatabase db = Fixtures.seed1(3_000);
        var om = slowBackfill(ns, db, "deleted-mid-apply");
        midBackfill(om);

        om.delete();

        poll(() -> reasons(ns).contains("DeleteWaiting"), "an Event says the deletion waits for the apply");
        OwnershipMigration held = om.get();
        assertThat(held).as("the finalizer holds while the apply runs").isNotNull();
        assertThat(held.getMetadata().getDeletionTimestamp()).isNotNull();
        assertThat(jobs(ns)).as("garbage collection has not killed the apply").contains("deleted-mid-apply-apply-g1");
        om.waitUntilCondition(Objects::isNull, Long.getLong("await.seconds", 240), TimeUnit.SECONDS);
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'videos'"
                + " AND column_name = 'user_id'")).as("fully applied, not half-way").isEqualTo("NO");
        assertThat(db.count("SELECT count(*) FROM pg_constraint WHERE conrelid = 'videos'::regclass AND contype = 'f'"
                + " AND convalidated AND conname LIKE 'fk_videos_user_id%'")).isEqualTo(1);
        assertThat(db.count("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'videos'::regclass AND NOT tgisinternal"))
                .as("no fill trigger left behind").isZero();
        assertThat(jobs(ns)).as("the resource's Jobs went with it").isEmpty();
        assertThat(reasons(ns)).contains("Deleted");
    }

    @Test
    void foregroundDeletionWithRevertOnDeleteEndsAsTheDatabaseWas(TestNamespace ns) {
        TestDatabase db = Fixtures.seed1(3_000);
        String pristine = Snapshot.of(db, "ownership_migration");
        secretFor(ns, db, "pruned-db");
        OwnershipMigration spec = migration("pruned", "seed1.yaml", "pruned-db");
        spec.getSpec().revertOnDelete = true;
        spec.getSpec().execution = OperatorResilienceClusterIT.slowExecution();
        var om = ns.client().resource(spec);
        om.create();
        midBackfill(om);

        om.withPropagationPolicy(DeletionPropagation.FOREGROUND).delete(); // as Argo CD prunes

        om.waitUntilCondition(Objects::isNull, Long.getLong("await.seconds", 240), TimeUnit.SECONDS);
        assertThat(Snapshot.of(db, "ownership_migration")).as("applied to the end, then reverted").isEqualTo(pristine);
        assertThat(reasons(ns)).contains("DeleteWaiting", "RevertOnDelete", "Reverted");
        assertThat(jobs(ns)).isEmpty();
    }

    @Test
    void underManualApprovalARevertWaitsForItsOwnPlanToBeApproved(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        String pristine = Snapshot.of(db, "ownership_migration");
        var om = createSeed2(ns, db, "careful", spec -> spec.approval = Approval.Manual);
        String applyHash = await(om, has("AwaitingApproval", "True")).getStatus().plan.hash;
        approve(om, applyHash);
        await(om, has("Ready", "True"));
        String applied = Snapshot.of(db, "ownership_migration");

        om.edit(o -> {
            o.getSpec().revert = true;
            return o;
        });
        OwnershipMigration waiting = await(om, has("AwaitingApproval", "True"));
        String revertHash = waiting.getStatus().plan.hash;
        assertThat(revertHash).isNotEqualTo(applyHash);
        assertThat(condition(waiting, "AwaitingApproval").getMessage()).startsWith("revert plan " + revertHash);
        assertThat(jobs(ns)).contains("careful-plan-g2").doesNotContain("careful-revert-g2");
        assertThat(Snapshot.of(db, "ownership_migration")).as("nothing reverted before approval").isEqualTo(applied);

        approve(om, revertHash);
        OwnershipMigration reverted = await(om, has("Ready", "True"));
        assertThat(condition(reverted, "Ready").getReason()).isEqualTo("Reverted");
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(pristine);
    }

    @Test
    void aJobTheApiServerRefusesStallsWithTheReason(TestNamespace ns) {
        var om = createSeed2(ns, Fixtures.seed2(), "negative", spec -> {
            spec.job = new JobSpec();
            spec.job.resources = new ResourceRequirementsBuilder().addToRequests("cpu", new Quantity("-1")).build();
        });

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("ReconcileError");
        assertThat(condition(stalled, "Stalled").getMessage()).contains("cpu");
        assertThat(jobs(ns)).isEmpty();
    }

    @Test
    void aMigrationWaitsItsTurnWhileAnotherMigratorHoldsTheDatabase(TestNamespace ns) throws Exception {
        TestDatabase db = Fixtures.seed1(300);
        secretFor(ns, db, "shared-db");
        try (Connection other = db.connect(); var lock = other.createStatement()) {
            // another migrator's session: it holds the database's migrator lock for as long as it runs
            lock.execute("SELECT pg_advisory_lock(" + MIGRATOR_LOCK + ")");
            var om = ns.client().resource(migration("second", "seed1.yaml", "shared-db"));
            om.create();

            OwnershipMigration waiting = await(om, o -> o.getStatus().progressSummary != null
                    && o.getStatus().progressSummary.startsWith("applying: waiting for another migrator"));
            assertThat(waiting.getStatus().waitingFor).as("the session it waits for, never its query")
                    .startsWith("session ");
            assertThat(condition(waiting, "Stalled").getStatus()).isEqualTo("False");
            lock.execute("SELECT pg_advisory_unlock(" + MIGRATOR_LOCK + ")");
        }
        OwnershipMigration ready = await(ns.client().resources(OwnershipMigration.class).withName("second"),
                has("Ready", "True"));
        assertThat(ready.getStatus().waitingFor).as("gone once it held the lock").isNull();
        assertThat(ns.client().pods().withLabel("job-name", "second-apply-g1").list().getItems())
                .as("it waited its turn instead of failing and being retried").hasSize(1);
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
    }

    static void approve(Resource<OwnershipMigration> om, String hash) {
        om.edit(o -> {
            o.getMetadata().getAnnotations().put(Progression.APPROVE_ANNOTATION, hash);
            return o;
        });
    }

    static void awaitNoJobs(TestNamespace ns) {
        poll(() -> jobs(ns).isEmpty(), "finished Jobs expire (ttlSecondsAfterFinished: 0)");
    }

    static List<String> reasons(TestNamespace ns) {
        return ns.client().v1().events().list().getItems().stream().map(Event::getReason).toList();
    }
}
