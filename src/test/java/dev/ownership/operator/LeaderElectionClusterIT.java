package dev.ownership.operator;

import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.concurrent.TimeUnit;

import static dev.ownership.operator.ClusterMigrations.await;
import static dev.ownership.operator.ClusterMigrations.has;
import static org.assertj.core.api.Assertions.assertThat;

/** Two replicas with leader election: one reconciles; when it dies mid-apply the other takes over. */
@ClusterTest
class LeaderElectionClusterIT {
    @RegisterExtension
    static final RunningOperator installed = RunningOperator.installed();

    @Test
    void theStandbyTakesOverWhenTheLeaderDiesMidApply(TestNamespace ns) throws Exception {
        var lease = ns.client().resources(Lease.class).inNamespace(installed.namespace())
                .withName(LeaderElection.LEASE);
        try (OperatorProcess first = installed.replica("replica-a")) {
            lease.waitUntilCondition(l -> l != null && "replica-a".equals(l.getSpec().getHolderIdentity()), 120,
                    TimeUnit.SECONDS);
            try (OperatorProcess second = installed.replica("replica-b")) {
                TestDatabase db = Fixtures.seed1(3_000);
                var om = OperatorResilienceClusterIT.slowBackfill(ns, db, "elected");
                OperatorResilienceClusterIT.midBackfill(om);

                first.kill();

                await(om, has("Ready", "True"));
                assertThat(lease.get().getSpec().getHolderIdentity()).isEqualTo("replica-b");
                assertThat(OperatorClusterIT.jobs(ns)).containsExactlyInAnyOrder("elected-plan-g1", "elected-apply-g1",
                        "elected-verify-g1");
                assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
            }
        }
    }
}
