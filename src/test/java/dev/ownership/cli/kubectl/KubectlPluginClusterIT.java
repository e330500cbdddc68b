package dev.ownership.cli.kubectl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;
import dev.ownership.cli.ExitCodes;
import dev.ownership.cluster.ControlPlaneBinaries;
import dev.ownership.operator.Progression;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.KubeCluster;
import dev.ownership.testing.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@code kubectl ownership ...} as a person runs it: the harness' kubectl finds bin/kubectl-ownership on PATH,
 * which runs the packaged jar with the user's KUBECONFIG. No operator runs: the test plays its part, writing
 * status.plan and the plan ConfigMap (docs/reference.md, the plan ConfigMap contract) through the API server.
 */
@ClusterTest
class KubectlPluginClusterIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String HASH = "0123456789abcdef";
    static final String PLAN_TEXT = """
            Plan 0123456789abcdef (apply) of shop/videos-owner, PostgreSQL 17.2
            Owner: public.users(id)

            public.videos (bigint, backfill from parent; batches: key)
              [pending] add column: ACCESS EXCLUSIVE, catalog only
                        ALTER TABLE public.videos ADD COLUMN user_id bigint;

            1 steps pending.
            """;
    static Path kubeconfig;

    record Run(int code, String out, String err) {
    }

    @BeforeAll
    static void crd(KubernetesClient admin, KubeCluster cluster) throws IOException {
        try (InputStream crd = new FileInputStream("crds/ownershipmigrations.ownership.dev-v1.yml")) {
            // forced: whoever created the CRD before in this shared cluster (Helm, deploy/) owns its fields
            admin.load(crd).forceConflicts().serverSideApply();
        }
        admin.apiextensions().v1().customResourceDefinitions().withName("ownershipmigrations.ownership.dev")
                .waitUntilCondition(c -> c != null && c.getStatus() != null && c.getStatus().getConditions() != null
                        && c.getStatus().getConditions().stream()
                        .anyMatch(x -> x.getType().equals("Established") && x.getStatus().equals("True")),
                        30, TimeUnit.SECONDS);
        kubeconfig = Files.createTempFile("plugin", ".kubeconfig");
        Files.writeString(kubeconfig, cluster.kubeconfig());
    }

    /** kubectl ownership ARGS, with KUBECONFIG set and bin/ on PATH; stdin is no terminal. */
    static Run kubectl(String... args) throws IOException, InterruptedException {
        Path kubectl = ControlPlaneBinaries.pinned().requirePresent().kubectl();
        List<String> command = new ArrayList<>(List.of(kubectl.toString(), "ownership"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("plugin", ".out");
        Path err = Files.createTempFile("plugin", ".err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("PATH", Path.of("bin").toAbsolutePath() + ":" + System.getenv("PATH"));
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        builder.environment().put("OWNERSHIP_JAR", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar"));
        Process p = builder.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    static void create(TestNamespace ns, String name) {
        String yaml = """
                apiVersion: ownership.dev/v1alpha1
                kind: OwnershipMigration
                metadata: {name: %s}
                spec:
                  database: {secretRef: {name: db}}
                  owner: {table: users, column: id}
                  targets:
                  - {table: public.videos, column: user_id, backfill: {fromParent: {foreignKey: channel_id, table: channels, column: user_id}}}
                """.formatted(name);
        OwnershipMigration om = ns.client().resources(OwnershipMigration.class)
                .load(new java.io.ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8))).item();
        ns.client().resource(om).create();
    }

    /** What the operator does once the plan Job of this generation is done: the ConfigMap, then status.plan. */
    static void planned(TestNamespace ns, String name, long generation, String hash) {
        String configMap = name + "-plan-g" + generation;
        ns.client().configMaps().resource(new ConfigMapBuilder().withNewMetadata().withName(configMap)
                .addToLabels("ownership.dev/migration", name).endMetadata()
                .withData(Map.of("plan.txt", PLAN_TEXT.replace(HASH, hash), "hash", hash)).build()).createOr(c -> c.update());
        status(ns, name, s -> {
            s.plan = new OwnershipMigrationStatus.PlanStatus();
            s.plan.hash = hash;
            s.plan.generation = generation;
            s.plan.configMap = configMap;
        });
    }

    static void status(TestNamespace ns, String name, Consumer<OwnershipMigrationStatus> change) {
        ns.client().resources(OwnershipMigration.class).withName(name).editStatus(o -> {
            o.setStatus(Optional.ofNullable(o.getStatus()).orElseGet(OwnershipMigrationStatus::new));
            change.accept(o.getStatus());
            return o;
        });
    }

    static Optional<String> annotation(TestNamespace ns, String name, String key) {
        return Optional.ofNullable(ns.client().resources(OwnershipMigration.class).withName(name).get()
                .getMetadata().getAnnotations()).map(a -> a.get(key));
    }

    @Test
    void planPrintsTheConfigMapsTextOfTheCurrentGeneration(TestNamespace ns) throws Exception {
        create(ns, "videos-owner");
        planned(ns, "videos-owner", 1, HASH);

        Run text = kubectl("plan", "videos-owner", "-n", ns.name());
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).isEqualTo(PLAN_TEXT);

        Run json = kubectl("plan", "videos-owner", "--namespace", ns.name(), "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        JsonNode plan = JSON.readTree(json.out());
        assertThat(plan.get("hash").asText()).isEqualTo(HASH);
        assertThat(plan.get("generation").asLong()).isEqualTo(1);
        assertThat(plan.get("configMap").asText()).isEqualTo("videos-owner-plan-g1");
        assertThat(plan.get("text").asText()).isEqualTo(PLAN_TEXT);
    }

    @Test
    void planRefusesWhenThereIsNoneYetOrItIsOfAnOlderGeneration(TestNamespace ns) throws Exception {
        create(ns, "videos-owner");
        Run none = kubectl("plan", "videos-owner", "-n", ns.name());
        assertThat(none.code()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(none.out()).isEmpty();
        assertThat(none.err()).contains(ns.name() + "/videos-owner has no plan yet");

        planned(ns, "videos-owner", 1, HASH);
        ns.client().resources(OwnershipMigration.class).withName("videos-owner").edit(o -> {
            o.getSpec().revert = true;
            return o;
        });
        Run stale = kubectl("plan", "videos-owner", "-n", ns.name());
        assertThat(stale.code()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(stale.err()).contains("status.plan is of generation 1, the resource is at generation 2");

        Run missing = kubectl("plan", "no-such", "-n", ns.name());
        assertThat(missing.code()).isEqualTo(ExitCodes.FAILED);
        assertThat(missing.err()).contains("ownershipmigration " + ns.name() + "/no-such not found");
    }

    @Test
    void approveNeedsYesWithoutATerminalAndThenAnnotatesTheShownHash(TestNamespace ns) throws Exception {
        create(ns, "videos-owner");
        planned(ns, "videos-owner", 1, HASH);

        Run refused = kubectl("approve", "videos-owner", "-n", ns.name());
        assertThat(refused.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(refused.out()).startsWith(PLAN_TEXT);
        assertThat(refused.err()).contains("--yes: required when no terminal is attached");
        assertThat(annotation(ns, "videos-owner", Progression.APPROVE_ANNOTATION)).isEmpty();

        Run approved = kubectl("approve", "videos-owner", "-n", ns.name(), "--yes");
        assertThat(approved.code()).as(approved.err()).isZero();
        assertThat(approved.out()).isEqualTo("Approved plan " + HASH + " of " + ns.name() + "/videos-owner"
                + " (generation 1): annotated ownership.dev/approve=" + HASH + ".\n");
        assertThat(annotation(ns, "videos-owner", Progression.APPROVE_ANNOTATION)).contains(HASH);

        planned(ns, "videos-owner", 1, "fedcba9876543210");
        Run json = kubectl("approve", "videos-owner", "-n", ns.name(), "--yes", "-o", "json");
        assertThat(json.code()).as(json.err()).isZero();
        assertThat(JSON.readTree(json.out()).get("hash").asText()).isEqualTo("fedcba9876543210");
        assertThat(annotation(ns, "videos-owner", Progression.APPROVE_ANNOTATION)).contains("fedcba9876543210");
    }

    @Test
    void approveRefusesAPlanThatChangedAfterItWasShown(TestNamespace ns) {
        create(ns, "videos-owner");
        planned(ns, "videos-owner", 1, HASH);
        Migrations migrations = new Migrations(ns.client(), ns.name());
        CurrentPlan shown = migrations.plan("videos-owner");

        planned(ns, "videos-owner", 1, "fedcba9876543210"); // a new plan Job's, while a person read the old one

        assertThatThrownBy(() -> migrations.approve(shown)).isInstanceOfSatisfying(Refusal.class,
                r -> assertThat(r.exitCode).isEqualTo(ExitCodes.PREFLIGHT))
                .hasMessageContaining("the plan changed after it was shown (shown: plan " + HASH + " of generation 1;"
                        + " now generation 1, plan fedcba9876543210)");
        assertThat(annotation(ns, "videos-owner", Progression.APPROVE_ANNOTATION)).isEmpty();
    }

    @Test
    void aPlanMadeBetweenTheCheckAndThePatchIsNotApprovedEither(TestNamespace ns) {
        create(ns, "videos-owner");
        planned(ns, "videos-owner", 1, HASH);
        Migrations migrations = new Migrations(ns.client(), ns.name());
        CurrentPlan shown = migrations.plan("videos-owner");
        AtomicInteger checks = new AtomicInteger();

        assertThatThrownBy(() -> migrations.annotate("videos-owner", Progression.APPROVE_ANNOTATION, HASH, om -> {
            boolean first = checks.incrementAndGet() == 1;
            Migrations.unchanged(shown).accept(om);
            if (first) { // the operator's new plan lands just after the check
                planned(ns, "videos-owner", 1, "fedcba9876543210");
            }
        })).isInstanceOf(Refusal.class).hasMessageContaining("the plan changed after it was shown");
        assertThat(checks).as("checked again after the patch was refused").hasValue(2);
        assertThat(annotation(ns, "videos-owner", Progression.APPROVE_ANNOTATION)).isEmpty();
    }

    @Test
    void retryAnnotatesOnlyAStalledResource(TestNamespace ns) throws Exception {
        create(ns, "videos-owner");
        status(ns, "videos-owner", s -> s.phase = "Applying");

        Run notStalled = kubectl("retry", "videos-owner", "-n", ns.name());
        assertThat(notStalled.code()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(notStalled.err()).contains(ns.name() + "/videos-owner is not Stalled (phase Applying)");
        assertThat(annotation(ns, "videos-owner", Progression.RETRY_ANNOTATION)).isEmpty();

        status(ns, "videos-owner", s -> {
            s.phase = "Applying";
            s.conditions = List.of(new ConditionBuilder().withType("Stalled").withStatus("True")
                    .withReason("LockTimeout").withMessage("lock_timeout on public.videos")
                    .withLastTransitionTime("2026-01-01T00:00:00Z").build());
        });
        Run retried = kubectl("retry", "videos-owner", "-n", ns.name());
        assertThat(retried.code()).as(retried.err()).isZero();
        String first = annotation(ns, "videos-owner", Progression.RETRY_ANNOTATION).orElseThrow();
        assertThat(retried.out()).startsWith("Retrying " + ns.name() + "/videos-owner, which was Stalled"
                + " (LockTimeout): annotated ownership.dev/retry=" + first + ";");

        Run again = kubectl("retry", "videos-owner", "-n", ns.name(), "-o", "json");
        assertThat(again.code()).as(again.err()).isZero();
        String second = annotation(ns, "videos-owner", Progression.RETRY_ANNOTATION).orElseThrow();
        assertThat(second).as("each retry is a new value").isNotEqualTo(first);
        assertThat(JSON.readTree(again.out()).get("retry").asText()).isEqualTo(second);
        assertThat(JSON.readTree(again.out()).get("stalledReason").asText()).isEqualTo("LockTimeout");
    }

    @Test
    void statusTabulatesEveryMigrationOfTheNamespaceOrOne(TestNamespace ns) throws Exception {
        create(ns, "videos-owner");
        create(ns, "orders-owner");
        status(ns, "videos-owner", s -> {
            s.phase = "Applying";
            TargetProgress p = new TargetProgress();
            p.target = "public.videos";
            p.step = "backfill";
            p.rowsDone = 1_200L;
            p.rowsTotal = 5_000L;
            p.rowsPerSecond = 400L;
            p.secondsLeft = 95L;
            s.progress = List.of(p);
        });
        status(ns, "orders-owner", s -> {
            s.phase = "AwaitingApproval";
            s.progressSummary = "awaiting approval";
        });

        Run all = kubectl("status", "-n", ns.name());
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).isEqualTo("""
                NAME           PHASE              STEP                      ROWS                RATE    LEFT
                orders-owner   AwaitingApproval   awaiting approval         -                   -       -
                videos-owner   Applying           public.videos: backfill   1,200/5,000 (24%)   400/s   2m
                """);

        Run one = kubectl("status", "videos-owner", "-n", ns.name(), "-o", "json");
        assertThat(one.code()).as(one.err()).isZero();
        JsonNode rows = JSON.readTree(one.out());
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("rowsDone").asLong()).isEqualTo(1_200);
        assertThat(rows.get(0).get("secondsLeft").asLong()).isEqualTo(95);
    }
}
