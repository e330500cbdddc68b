package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.micrometer.prometheus.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** ownership_migration_condition: one series per resource and condition, 1 for the condition that is True. */
class MigrationMetricsTest {
    private final PrometheusMeterRegistry registry = ExportedMetrics.registry();
    private final MigrationMetrics metrics = new MigrationMetrics(registry);
    private final OwnershipMigration om = ExportedMetrics.migration("apps", "videos-owner");

    @Test
    void theTrueConditionOfEachResourceIsOne() {
        metrics.decided(om, Decision.progressing("Applying", "Applying", "", Optional.empty(), Optional.empty(),
                Optional.empty()));
        metrics.decided(ExportedMetrics.migration("billing", "invoices-owner"),
                Decision.stalled("JobFailed", "", Optional.empty(), Optional.empty()));

        assertThat(registry.scrape())
                .contains(series("apps", "videos-owner", "Reconciling", 1), series("apps", "videos-owner", "Stalled", 0),
                        series("apps", "videos-owner", "Ready", 0), series("apps", "videos-owner", "AwaitingApproval", 0),
                        series("billing", "invoices-owner", "Stalled", 1),
                        series("billing", "invoices-owner", "Reconciling", 0))
                .contains("ownership_migrations{phase=\"Failed\",} 1.0");
    }

    @Test
    void aNewDecisionMovesTheOne() {
        metrics.decided(om, Decision.progressing("Applying", "Applying", "", Optional.empty(), Optional.empty(),
                Optional.empty()));
        metrics.decided(om, Decision.stalled("JobFailed", "", Optional.empty(), Optional.empty()));

        assertThat(registry.scrape()).contains(series("apps", "videos-owner", "Stalled", 1),
                series("apps", "videos-owner", "Reconciling", 0));
    }

    @Test
    void aDeletedResourceLeavesNoSeries() {
        metrics.decided(om, Decision.done("Ready", "Applied", "", Optional.empty()));
        metrics.forget(om);

        assertThat(registry.scrape()).doesNotContain("videos-owner");
    }

    private static String series(String namespace, String name, String condition, int value) {
        return "ownership_migration_condition{condition=\"" + condition + "\",migration=\"" + name
                + "\",migration_namespace=\"" + namespace + "\",} " + value + ".0";
    }
}
