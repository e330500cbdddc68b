package dev.ownership.cli.kubectl;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One resource's line of {@code kubectl ownership status}, from its status alone: the phase, the step running
 * (else the operator's summary, such as "awaiting approval"), and the backfill's rows, rate and time left summed
 * over its targets where the migrator pod reported them.
 */
record StatusRow(String name, String phase, String step, Long rowsDone, Long rowsTotal, Long rowsPerSecond,
                 Long secondsLeft) {
    static StatusRow of(OwnershipMigration om) {
        OwnershipMigrationStatus s = Optional.ofNullable(om.getStatus()).orElseGet(OwnershipMigrationStatus::new);
        List<TargetProgress> progress = Optional.ofNullable(s.progress).orElse(List.of());
        List<TargetProgress> counted = progress.stream().filter(p -> p.rowsTotal != null && p.rowsDone != null).toList();
        List<TargetProgress> running = progress.stream().filter(TargetProgress::running).toList();
        String step = running.stream().map(p -> p.target + ": " + p.step).findFirst()
                .map(first -> running.size() > 1 ? first + " (+" + (running.size() - 1) + ")" : first)
                .orElse(s.progressSummary);
        return new StatusRow(om.getMetadata().getName(), s.phase, step,
                counted.isEmpty() ? null : counted.stream().mapToLong(p -> p.rowsDone).sum(),
                counted.isEmpty() ? null : counted.stream().mapToLong(p -> p.rowsTotal).sum(),
                sum(running.stream().map(p -> p.rowsPerSecond).filter(Objects::nonNull).toList()),
                running.stream().map(p -> p.secondsLeft).filter(Objects::nonNull).max(Long::compare).orElse(null));
    }

    private static Long sum(List<Long> values) {
        return values.isEmpty() ? null : values.stream().mapToLong(Long::longValue).sum();
    }
}
