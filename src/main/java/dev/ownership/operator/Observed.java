package dev.ownership.operator;

import java.time.Instant;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a reconcile saw: this resource's Jobs of the current generation by action, how many migrator Jobs
 * run in all (for the cap), and the time.
 */
public record Observed(Function<Action, Optional<ObservedJob>> jobs, long runningJobs, Instant now) {
}
