package dev.ownership.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.api.v1alpha1.Approval;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.gitops.ArgoCdHealth;
import dev.ownership.gitops.KStatus;
import dev.ownership.gitops.StatusFixture;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.has;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every status the operator writes, as a watch sees it, read by the two GitOps verdicts: kstatus (Flux,
 * kubectl wait) and docs/argocd/health.lua (Argo CD). Each status must be consistent on its own, the
 * verdicts must agree, and the committed status fixtures must still look like what the operator writes
 * ({@code -Dstatus.fixtures.record=true} rewrites them from this run).
 */
@ClusterTest
class StatusLifecycleClusterIT {
    static final boolean RECORD = Boolean.getBoolean("status.fixtures.record");
    static final Set<String> STATES = Set.of("Ready", "Reconciling", "Stalled", "AwaitingApproval");
    static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final RunningOperator operator = RunningOperator.started();

    @Test
    void everyStatusReadsTheSameToKstatusAndArgoCd(TestNamespace ns) {
        TestDatabase seed1 = Fixtures.seed1(500);
        TestDatabase seed2 = Fixtures.seed2();
        ClusterMigrations.secretFor(ns, seed1, "videos-db");
        ClusterMigrations.secretFor(ns, seed2, "media-db");
        Map<String, List<Map<String, Object>>> seen = new ConcurrentHashMap<>();
        OwnershipMigration manual = ClusterMigrations.migration("manual", "seed2.yaml", "media-db");
        manual.getSpec().approval = Approval.Manual;
        var ready = ns.client().resource(ClusterMigrations.migration("automatic", "seed1.yaml", "videos-db"));
        var awaiting = ns.client().resource(manual);
        var stalled = ns.client().resource(ClusterMigrations.migration("no-secret", "seed2.yaml", "missing-db"));

        try (Watch ignored = ns.client().genericKubernetesResources("ownership.dev/v1alpha1", "OwnershipMigration")
                .watch(recorder(seen))) {
            ready.create();
            awaiting.create();
            stalled.create();
            await(ready, has("Ready", "True"));
            await(stalled, has("Stalled", "True"));
            await(awaiting, has("AwaitingApproval", "True"));
            // a new generation: the old conditions stay until the operator has looked at it
            awaiting.edit(o -> {
                o.getSpec().execution.batchSize = 1000;
                return o;
            });
            await(awaiting, o -> o.getMetadata().getGeneration() == 2 && has("AwaitingApproval", "True").test(o));
        }

        seen.values().forEach(history -> history.forEach(StatusLifecycleClusterIT::assertConsistent));
        assertThat(kstatuses(seen.get("automatic"))).doesNotContain(KStatus.Status.FAILED).last()
                .isEqualTo(KStatus.Status.CURRENT);
        assertThat(kstatuses(seen.get("manual"))).containsOnly(KStatus.Status.IN_PROGRESS);
        assertThat(kstatuses(seen.get("no-secret"))).doesNotContain(KStatus.Status.CURRENT).last()
                .isEqualTo(KStatus.Status.FAILED);

        Map<StatusFixture, Map<String, Object>> moments = new EnumMap<>(StatusFixture.class);
        moments.put(StatusFixture.NO_STATUS, first(seen.get("automatic"), o -> o.get("status") == null));
        moments.put(StatusFixture.RECONCILING, first(seen.get("automatic"), conditionTrue("Reconciling")));
        moments.put(StatusFixture.READY, first(seen.get("automatic"), conditionTrue("Ready")));
        moments.put(StatusFixture.AWAITING_APPROVAL, first(seen.get("manual"), conditionTrue("AwaitingApproval")));
        moments.put(StatusFixture.STALLED, first(seen.get("no-secret"), conditionTrue("Stalled")));
        moments.put(StatusFixture.NEW_GENERATION, first(seen.get("manual"), o -> generation(o) == 2
                && o.get("status") != null && KStatus.number(KStatus.map(o.get("status")).get("observedGeneration")) == 1));
        moments.forEach((fixture, live) -> {
            assertThat(ArgoCdHealth.of(live).status()).as(fixture.file).isEqualTo(fixture.health);
            assertThat(KStatus.evaluate(live).status()).as(fixture.file).isEqualTo(fixture.kstatus);
            if (RECORD) {
                fixture.record(live);
            }
            assertThat(StatusFixture.shape(live)).as("%s no longer matches what the operator writes;"
                    + " rerun with -Dstatus.fixtures.record=true and review the diff", fixture.path())
                    .isEqualTo(StatusFixture.shape(fixture.load()));
        });
    }

    /** One status on its own: one state at a time, all of one generation, verdicts that agree. */
    static void assertConsistent(Map<String, Object> object) {
        KStatus.Result kstatus = KStatus.evaluate(object);
        ArgoCdHealth.Verdict health = ArgoCdHealth.of(object);
        String describe = "status of " + KStatus.map(object.get("metadata")).get("name") + ": " + object.get("status");
        assertThat(health.status()).as(describe).isEqualTo(switch (kstatus.status()) {
            case CURRENT -> "Healthy";
            case FAILED -> "Degraded";
            case IN_PROGRESS -> conditionTrue("AwaitingApproval").test(object) && observed(object)
                    ? "Suspended" : "Progressing";
        });
        if (object.get("status") == null) {
            return;
        }
        Map<String, Object> status = KStatus.map(object.get("status"));
        long observed = KStatus.number(status.get("observedGeneration"));
        assertThat(observed).as(describe).isLessThanOrEqualTo(generation(object));
        List<Map<String, Object>> conditions = KStatus.conditions(object);
        assertThat(conditions).as(describe)
                .allSatisfy(c -> assertThat(KStatus.number(c.get("observedGeneration"))).isEqualTo(observed))
                .extracting(c -> c.get("type"))
                .containsExactlyInAnyOrder("Ready", "Reconciling", "Stalled", "Planned", "AwaitingApproval");
        assertThat(conditions.stream().filter(c -> STATES.contains(c.get("type")) && "True".equals(c.get("status"))))
                .as("exactly one of %s is True in %s", STATES, describe).hasSize(1);
        boolean finished = conditionTrue("Ready").test(object) || conditionTrue("Stalled").test(object);
        assertThat(status.get("finishedAt") != null).as("finishedAt iff Ready or Stalled: " + describe)
                .isEqualTo(finished);
        if (conditionTrue("Stalled").test(object)) {
            assertThat(status.get("phase")).isEqualTo("Failed");
        }
        if (conditionTrue("AwaitingApproval").test(object)) {
            assertThat(status.get("phase")).isEqualTo("AwaitingApproval");
        }
    }

    private static Watcher<GenericKubernetesResource> recorder(Map<String, List<Map<String, Object>>> seen) {
        return new Watcher<>() {
            @Override
            public void eventReceived(Action action, GenericKubernetesResource resource) {
                if (action == Action.ADDED || action == Action.MODIFIED) {
                    seen.computeIfAbsent(resource.getMetadata().getName(), name -> new ArrayList<>())
                            .add(json(resource));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        };
    }

    /** The object as JSON maps, as Argo CD and kstatus get it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(GenericKubernetesResource resource) {
        try {
            return JSON.readValue(Serialization.asJson(resource), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<KStatus.Status> kstatuses(List<Map<String, Object>> history) {
        return history.stream().map(o -> KStatus.evaluate(o).status()).collect(Collectors.toList());
    }

    private static Map<String, Object> first(List<Map<String, Object>> history, Predicate<Map<String, Object>> moment) {
        return history.stream().filter(moment).findFirst()
                .orElseThrow(() -> new AssertionError("never seen among " + history.size() + " statuses"));
    }

    private static Predicate<Map<String, Object>> conditionTrue(String type) {
        return o -> KStatus.isTrue(KStatus.conditions(o), type).isPresent();
    }

    private static boolean observed(Map<String, Object> object) {
        return generation(object) == KStatus.number(KStatus.map(object.get("status")).get("observedGeneration"));
    }

    private static long generation(Map<String, Object> object) {
        return KStatus.number(KStatus.map(object.get("metadata")).get("generation"));
    }
}
