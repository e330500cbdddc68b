package dev.ownership.operator;

import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationSpec;
import dev.ownership.cli.OwnershipCommand;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.KubeCluster;
import dev.ownership.testing.kube.Kubectl;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.Snapshot;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.condition;
import static dev.ownership.operator.ClusterMigrations.has;
import static dev.ownership.operator.ClusterMigrations.migration;
import static dev.ownership.operator.ClusterMigrations.secretFor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The operator end to end on the local control plane: resources in, Jobs run by the real Job controller
 * and the process node, the real migrator against embedded PostgreSQL, status out.
 */
@ClusterTest
class OperatorClusterIT {
    @RegisterExtension
    static final RunningOperator operator = RunningOperator.started();

    @Test
    void seed1GoesFromPlanToReady(TestNamespace ns, KubeCluster cluster) {
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
        SecretScan.assertNoPassword(ns, operator);
        assertThat(Kubectl.run(cluster, "-n", ns.name(), "wait", "--for=condition=Ready", "om/videos-owner",
                "--timeout=60s")).contains("condition met");
        assertThat(Kubectl.run(cluster, "-n", ns.name(), "get", "om")).as("kubectl get om, at a glance")
                .containsPattern("NAME\\s+AGE\\s+READY\\s+PHASE\\s+PROGRESS") // the CRD generator orders by JSON path
                .containsPattern("videos-owner\\s+\\S+\\s+True\\s+Ready\\s+done");

        om.delete();
        om.waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
        assertThat(db.value("SELECT is_nullable FROM information_schema.columns WHERE table_name = 'videos'"
                + " AND column_name = 'user_id'")).as("deleting the resource leaves the database alone").isEqualTo("NO");
    }

    @Test
    void aDryRunPlansAndNeverTouchesTheDatabase(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        String before = Snapshot.of(db, "ownership_migration");
        var om = createSeed2(ns, db, "media-dry", spec -> spec.dryRun = true);

        OwnershipMigration ready = await(om, has("Ready", "True"));
        assertThat(condition(ready, "Ready").getReason()).isEqualTo("DryRun");
        assertThat(ready.getStatus().plan.hash).matches("[0-9a-f]{16}");
        assertThat(ready.getStatus().plan.pendingSteps).isPositive();
        assertThat(jobs(ns)).containsExactly("media-dry-plan-g1");
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
        assertThat(db.count("SELECT count(*) FROM information_schema.schemata WHERE schema_name = 'ownership_migration'"))
                .as("plan does not even create the ledger").isZero();
    }

    @Test
    void aSpecChangeAfterReadyPlansOnlyWhatIsLeftAndRevertUndoesIt(TestNamespace ns) {
        TestDatabase db = Fixtures.seed1(500);
        String pristine = Snapshot.of(db, "ownership_migration");
        secretFor(ns, db, "bookmarks-db");
        OwnershipMigration spec = migration("grows", "seed1.yaml", "bookmarks-db");
        spec.getSpec().targets.removeIf(t -> t.table.equals("videos"));
        var om = ns.client().resource(spec);
        om.create();
        await(om, has("Ready", "True"));

        om.edit(o -> {
            o.getSpec().targets = migration("grows", "seed1.yaml", "bookmarks-db").getSpec().targets;
            return o;
        });
        OwnershipMigration second = await(om, has("Ready", "True"));
        assertThat(second.getStatus().observedGeneration).isEqualTo(2L);
        assertThat(second.getStatus().plan.generation).isEqualTo(2L);
        assertThat(second.getStatus().plan.targets).as("the finished target has nothing left")
                .anySatisfy(t -> assertThat(t).contains("bookmarks_lists").contains(": 0 steps pending"))
                .anySatisfy(t -> assertThat(t).contains("videos").doesNotContain(": 0 steps pending"));
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();

        om.edit(o -> {
            o.getSpec().revert = true;
            return o;
        });
        OwnershipMigration reverted = await(om, has("Ready", "True"));
        assertThat(condition(reverted, "Ready").getReason()).isEqualTo("Reverted");
        assertThat(jobs(ns)).contains("grows-apply-g1", "grows-apply-g2", "grows-revert-g3")
                .doesNotContain("grows-plan-g3", "grows-apply-g3");
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(pristine);
    }

    @Test
    void aFailedPreflightStallsAfterOnePodAndChangesNothing(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        String before = Snapshot.of(db, "ownership_migration");
        var om = createSeed2(ns, db, "no-owner", spec -> spec.owner.table = "accounts");

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("PreflightFailed");
        assertThat(condition(stalled, "Stalled").getMessage()).contains("accounts");
        assertThat(condition(stalled, "Ready").getStatus()).isEqualTo("False");
        assertThat(ns.client().pods().withLabel("job-name", "no-owner-plan-g1").list().getItems())
                .as("a failed preflight is not retried").hasSize(1);
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(before);
    }

    @Test
    void revertOnDeleteRevertsBeforeTheResourceGoes(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        String pristine = Snapshot.of(db, "ownership_migration");
        var om = createSeed2(ns, db, "media-temp", spec -> spec.revertOnDelete = true);
        OwnershipMigration ready = await(om, has("Ready", "True"));
        assertThat(ready.getMetadata().getFinalizers()).as("the name the docs tell how to remove")
                .containsExactly("ownershipmigrations.ownership.dev/finalizer");
        assertThat(Snapshot.of(db, "ownership_migration")).isNotEqualTo(pristine);

        om.delete();
        om.waitUntilCondition(Objects::isNull, Long.getLong("await.seconds", 240), TimeUnit.SECONDS);
        assertThat(Snapshot.of(db, "ownership_migration")).isEqualTo(pristine);
        assertThat(ns.client().v1().events().list().getItems()).extracting(e -> e.getReason()).contains("RevertOnDelete");
    }

    @Test
    void aSpecOnlyTheEngineRefusesStallsWithoutAJob(TestNamespace ns) {
        var om = createSeed2(ns, Fixtures.seed2(), "self-owned", spec -> spec.targets.get(0).table = "users");

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("InvalidSpec");
        assertThat(condition(stalled, "Stalled").getMessage())
                .startsWith("spec.targets[0].table: the owner table").endsWith("cannot be its own target");
        assertThat(jobs(ns)).isEmpty();
    }

    /** The operator of this test has no allowed images: creating a resource must not pick the image its Jobs run. */
    @Test
    void anImageTheSettingsDoNotAllowStallsWithoutAJob(TestNamespace ns) {
        var om = createSeed2(ns, Fixtures.seed2(), "own-image", spec -> {
            spec.job = new JobSpec();
            spec.job.image = "registry.example.com/not-the-migrator:1";
        });

        OwnershipMigration stalled = await(om, has("Stalled", "True"));
        assertThat(condition(stalled, "Stalled").getReason()).isEqualTo("JobOverrideRefused");
        assertThat(condition(stalled, "Stalled").getMessage())
                .startsWith("spec.job.image: registry.example.com/not-the-migrator:1 is not allowed")
                .contains("ownership.operator.allowed-images");
        assertThat(jobs(ns)).isEmpty();

        om.edit(o -> {
            o.getSpec().job.image = null;
            return o;
        });
        await(om, has("Ready", "True"));
    }

    /** The second seed's migration, changed as the test needs, with its Secret, created. */
    static Resource<OwnershipMigration> createSeed2(TestNamespace ns, TestDatabase db, String name,
                                                    Consumer<OwnershipMigrationSpec> change) {
        secretFor(ns, db, "media-db");
        OwnershipMigration resource = migration(name, "seed2.yaml", "media-db");
        change.accept(resource.getSpec());
        var om = ns.client().resource(resource);
        om.create();
        return om;
    }

    static List<String> jobs(TestNamespace ns) {
        return ns.client().batch().v1().jobs().list().getItems().stream().map(j -> j.getMetadata().getName()).toList();
    }

    @Test
    void manualApprovalRunsOnlyTheApprovedPlan(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        var om = createSeed2(ns, db, "media-owner", spec -> spec.approval = Approval.Manual);

        OwnershipMigration waiting = await(om, has("AwaitingApproval", "True"));
        String hash = waiting.getStatus().plan.hash;
        assertThat(condition(waiting, "AwaitingApproval").getReason()).isEqualTo("ApprovalRequired");
        assertThePlanIsReadableFromTheCluster(ns, db, waiting);
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

    /**
     * The ConfigMap status.plan.configMap names is the resource's, and holds exactly what {@code migrate plan
     * --no-samples} prints for the same spec and database (run in-process here): no sample row.
     */
    private static void assertThePlanIsReadableFromTheCluster(TestNamespace ns, TestDatabase db, OwnershipMigration om) {
        String name = om.getStatus().plan.configMap;
        assertThat(name).isEqualTo(om.getMetadata().getName() + "-plan-g1");
        ConfigMap cm = ns.client().configMaps().withName(name).get();
        assertThat(cm.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getUid()).isEqualTo(om.getMetadata().getUid()));
        assertThat(cm.getMetadata().getLabels()).containsEntry("ownership.dev/migration", om.getMetadata().getName());
        assertThat(cm.getData()).containsEntry("hash", om.getStatus().plan.hash);
        assertThat(condition(om, "AwaitingApproval").getMessage()).contains("kubectl get configmap " + name);

        OwnershipMigration spec = new OwnershipMigration();
        spec.getMetadata().setName(om.getMetadata().getName());
        spec.setSpec(om.getSpec());
        String withSamples = migratePlan(db, spec);
        String planned = migratePlan(db, spec, "--no-samples");
        assertThat(cm.getData().get("plan.txt")).isEqualTo(planned).startsWith("Plan " + om.getStatus().plan.hash);
        Matcher samples = Pattern.compile("; for example (.*)\n").matcher(withSamples);
        List<String> rows = samples.results().flatMap(m -> Arrays.stream(m.group(1).split("; "))).toList();
        assertThat(rows).as("the database has rows without owner: " + withSamples).isNotEmpty();
        // seed2's rows are small ids, found anywhere in a plan: the rows as printed must not be (MigrateCliTest checks
        // that no value of seed1's uuids appears)
        assertThat(planned).doesNotContain("for example").doesNotContain(rows);
    }

    private static String migratePlan(TestDatabase db, OwnershipMigration spec, String... more) {
        try {
            Path file = Files.createTempFile("plan", ".yaml");
            Files.writeString(file, Serialization.asYaml(spec));
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            List<String> args = new ArrayList<>(List.of("migrate", "plan", "-f", file.toString(), "--jdbc-url",
                    db.jdbcUrl(), "--username", "postgres"));
            args.addAll(List.of(more));
            int code = new CommandLine(new OwnershipCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
            Files.delete(file);
            assertThat(code).as(err.toString()).isZero();
            return out.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
