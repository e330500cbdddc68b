package dev.ownership.engine.catalog;

import java.time.Duration;

/**
 * Another session of the database, as pg_stat_activity shows it, for messages about who holds what. Never
 * its query text: that can hold another application's data or secrets, and these messages reach logs,
 * Job reports and Kubernetes events.
 */
public record SessionInfo(int pid, String user, String application, String state, String waitEvent,
                          Duration transactionAge) {
    public String describe() {
        return "pid " + pid + " (user " + user
                + (application == null || application.isEmpty() ? "" : ", application " + application)
                + ", " + state
                + (waitEvent == null || waitEvent.isEmpty() ? "" : ", waiting on " + waitEvent)
                + (transactionAge == null ? "" : ", in a transaction for " + transactionAge.toSeconds() + " s") + ")";
    }
}
