package dev.ownership.cli.status;

import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.TargetProgress;

import java.util.List;

/** The part of the status a migrator pod writes: per-target progress, and whom it waits for (or null). */
public record LiveStatus(List<TargetProgress> progress, String waitingFor) {
}
