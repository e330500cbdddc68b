package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The migrations' own metrics, next to JOSDK's reconciliation metrics on /q/metrics:
 * {@code ownership_migrations{phase}}, {@code ownership_migration_job_seconds{action,outcome}},
 * {@code ownership_rows_backfilled_total}, {@code ownership_lock_retries_total},
 * {@code ownership_backfill_rows_per_second}: the rates the running migrator pods report in their status, and
 * {@code ownership_migration_condition{migration_namespace,migration,condition}}: 1 for the kstatus condition that is
 * True of each resource, 0 for the others, so that an alert names the resource that is Stalled or long Reconciling.
 * Its labels are not {@code namespace} and {@code name}: Prometheus renames a scraped {@code namespace} that clashes
 * with the target's own.
 */
@ApplicationScoped
public class MigrationMetrics {
    static final String CONDITION = "ownership.migration.condition";

    private final MeterRegistry registry;
    private final Map<String, String> phases = new ConcurrentHashMap<>();
    private final Set<String> gauges = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> backfillRates = new ConcurrentHashMap<>();
    private final Map<String, Decision.State> states = new ConcurrentHashMap<>();

    public MigrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ownership.backfill.rows.per.second", backfillRates,
                        r -> r.values().stream().mapToLong(Long::longValue).sum())
                .description("Rows per second the running backfills fill, all migrations together").register(registry);
    }

    /** The backfill rate this resource's pod last reported, while its Job runs (a finished step reports none). */
    void backfillRate(OwnershipMigration om, boolean running) {
        Optional<Long> rate = Optional.ofNullable(om.getStatus()).map(s -> s.progress).filter(p -> running)
                .flatMap(p -> p.stream().map(t -> t.rowsPerSecond).filter(Objects::nonNull).findFirst());
        rate.ifPresentOrElse(r -> backfillRates.put(key(om), r), () -> backfillRates.remove(key(om)));
    }

    /** This resource's phase and condition, as the reconcile just decided them. */
    void decided(OwnershipMigration om, Decision decision) {
        phase(om, decision.phase());
        String key = key(om);
        if (states.put(key, decision.state()) == null) {
            for (Decision.State state : Decision.State.values()) {
                Gauge.builder(CONDITION, states, s -> s.get(key) == state ? 1 : 0)
                        .description("1 for the kstatus condition that is True of an OwnershipMigration")
                        .tags(resourceTags(om)).tag("condition", state.condition).register(registry);
            }
        }
    }

    private void phase(OwnershipMigration om, String phase) {
        phases.put(key(om), phase);
        if (gauges.add(phase)) {
            Gauge.builder("ownership.migrations", phases, p -> p.values().stream().filter(phase::equals).count())
                    .description("OwnershipMigrations by phase").tag("phase", phase).register(registry);
        }
    }

    void forget(OwnershipMigration om) {
        phases.remove(key(om));
        backfillRates.remove(key(om));
        states.remove(key(om));
        registry.find(CONDITION).tags(resourceTags(om)).meters().forEach(registry::remove);
    }

    /** A Job of this resource has just finished: its duration, and what its report says it did. */
    void jobFinished(Action action, Job job, ObservedJob observed) {
        String outcome = observed.state() == ObservedJob.State.SUCCEEDED ? "succeeded" : "failed";
        duration(job).ifPresent(d -> Timer.builder("ownership.migration.job").description("Migrator Job run time")
                .tag("action", action.verb).tag("outcome", outcome).register(registry).record(d));
        observed.report().ifPresent(r -> {
            if (action == Action.APPLY && r.rowsChanged() != null) {
                Counter.builder("ownership.rows.backfilled").description("Rows given an owner by apply Jobs")
                        .register(registry).increment(r.rowsChanged());
            }
            Optional.ofNullable(r.lockRetries()).ifPresent(n -> Counter.builder("ownership.lock.retries")
                    .description("Statements retried because a lock was not granted in time").tag("action", action.verb)
                    .register(registry).increment(n));
        });
    }

    /** Start to completion, or to the Failed condition (a failed Job has no completionTime). */
    private static Optional<Duration> duration(Job job) {
        if (job.getStatus() == null || job.getStatus().getStartTime() == null) {
            return Optional.empty();
        }
        Optional<String> end = Optional.ofNullable(job.getStatus().getCompletionTime())
                .or(() -> Optional.ofNullable(job.getStatus().getConditions()).flatMap(cs -> cs.stream()
                        .filter(c -> "Failed".equals(c.getType()) && "True".equals(c.getStatus())).findFirst())
                        .map(c -> c.getLastTransitionTime()));
        return end.map(e -> Duration.between(Instant.parse(job.getStatus().getStartTime()), Instant.parse(e)));
    }

    private static Tags resourceTags(OwnershipMigration om) {
        return Tags.of("migration_namespace", om.getMetadata().getNamespace(), "migration", om.getMetadata().getName());
    }

    private static String key(OwnershipMigration om) {
        return om.getMetadata().getNamespace() + "/" + om.getMetadata().getName();
    }
}
