package dev.ownership.operator;

import dev.ownership.api.v1alpha1.MigratorReport;

import java.util.Optional;

/** A migrator Job as the operator sees it: how far it is, and the report its pod left. */
public record ObservedJob(String name, State state, Optional<MigratorReport> report) {
    public enum State { RUNNING, SUCCEEDED, FAILED }
}
