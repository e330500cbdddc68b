package dev.ownership.operator;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Counts running migrator Jobs for the cap: those the Job cache shows, plus those this operator has just
 * created and the cache does not show yet (an informer lags its writes by a moment).
 */
final class MigratorSlots {
    /** Long enough for any informer to catch up with a create. */
    static final Duration CATCH_UP = Duration.ofSeconds(30);

    private final Map<String, Instant> created = new HashMap<>();

    /** @param cached the running migrator Jobs the cache shows, as namespace/name */
    synchronized long running(Set<String> cached, Instant now) {
        created.entrySet().removeIf(e -> cached.contains(e.getKey()) || e.getValue().plus(CATCH_UP).isBefore(now));
        return cached.size() + created.size();
    }

    synchronized void started(String job, Instant now) {
        created.put(job, now);
    }
}
