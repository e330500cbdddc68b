package dev.ownership.engine.catalog;

import java.time.Duration;

/** Another session of the database, as pg_stat_activity shows it, for messages about who holds what. */
public record SessionInfo(int pid, String user, String application, String state, Duration transactionAge,
                          String query) {
    public String describe() {
        return "pid " + pid + " (user " + user
                + (application == null || application.isEmpty() ? "" : ", application " + application)
                + ", " + state
                + (transactionAge == null ? "" : ", in a transaction for " + transactionAge.toSeconds() + " s")
                + (query == null || query.isEmpty() ? "" : ", last query: " + query) + ")";
    }
}
