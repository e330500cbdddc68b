package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.micrometer.prometheus.PrometheusConfig;
import io.micrometer.prometheus.PrometheusMeterRegistry;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the operator's /q/metrics says of migrations, in Prometheus's names: {@link MigrationMetrics} on the
 * registry Quarkus serves there, after it has seen every kind of event once. The dashboard and the alert rules
 * are checked against these names, not against a copy of them.
 */
final class ExportedMetrics {
    private static final Pattern OURS = Pattern.compile("\\bownership_[a-z_]+\\b");

    private ExportedMetrics() {
    }

    static PrometheusMeterRegistry registry() {
        return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    }

    static OwnershipMigration migration(String namespace, String name) {
        OwnershipMigration om = ProgressionTest.om();
        om.getMetadata().setNamespace(namespace);
        om.getMetadata().setName(name);
        return om;
    }

    /** The names of the samples (not of the families: a timer's samples are _count, _sum, _max) of a scrape after a reconcile, a running backfill and a finished apply Job. */
    static Set<String> names() {
        PrometheusMeterRegistry registry = registry();
        MigrationMetrics metrics = new MigrationMetrics(registry);
        OwnershipMigration om = migration("apps", "videos-owner");
        OwnershipMigrationStatus.TargetProgress progress = new OwnershipMigrationStatus.TargetProgress();
        progress.rowsPerSecond = 5000L;
        om.setStatus(new OwnershipMigrationStatus());
        om.getStatus().progress = List.of(progress);
        metrics.decided(om, Decision.progressing("Applying", "Applying", "", Optional.empty(), Optional.empty(),
                Optional.of("videos-owner-apply-g3")));
        metrics.backfillRate(om, true);
        Job job = new JobBuilder().withNewStatus().withStartTime("2026-11-30T12:00:00Z")
                .withCompletionTime("2026-11-30T12:10:00Z").endStatus().build();
        MigratorReport report = new MigratorReport("apply", 0, "Applied", "", "0123456789abcdef", 0L, 100L, 100L, 2,
                List.of(), null);
        metrics.jobFinished(Action.APPLY, job, new ObservedJob("videos-owner-apply-g3", ObservedJob.State.SUCCEEDED,
                Optional.of(report)));
        return namesIn(registry.scrape().lines().filter(line -> !line.startsWith("#"))
                .collect(Collectors.joining("\n")));
    }

    /** The metric names an exposition or a PromQL expression mentions that are the operator's own. */
    static Set<String> namesIn(String text) {
        Matcher m = OURS.matcher(text);
        return m.results().map(r -> r.group()).collect(Collectors.toCollection(TreeSet::new));
    }
}
