package dev.ownership.api.v1alpha1;

import io.fabric8.kubernetes.api.model.Condition;

import java.util.ArrayList;
import java.util.List;

/** What the operator observed; conditions follow the kstatus conventions (Ready, Reconciling, Stalled). */
public class OwnershipMigrationStatus {
    public Long observedGeneration;
    /** For the printer column; tools should read the conditions. */
    public String phase;
    public List<Condition> conditions = new ArrayList<>();
    public PlanStatus plan;
    /** Per target, written by the migrator pod while it runs (field manager ownership-migrator). */
    public List<TargetProgress> progress;
    public String progressSummary;
    /** The Job in charge. */
    public String job;
    public String startedAt;
    public String finishedAt;

    /** The plan the last plan Job produced; approvals name its hash. */
    public static class PlanStatus {
        public String hash;
        public Long generation;
        public Long pendingSteps;
        public Long rowsToBackfill;
        public List<String> targets;
    }

    public static class TargetProgress {
        public String target;
        public String step;
        public Long rowsDone;
        public Long rowsTotal;
        public Integer lockRetries;
    }
}
