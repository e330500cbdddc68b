package dev.ownership.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.ownership.engine.BackfillProgress;
import io.fabric8.kubernetes.api.model.Condition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the operator observed; conditions follow the kstatus conventions (Ready, Reconciling, Stalled).
 * Absent fields stay out of the JSON: a server-side apply that names a field owns it, and {@code progress}
 * belongs to the migrator pod.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class OwnershipMigrationStatus {
    public Long observedGeneration;
    /** For the printer column; tools should read the conditions. */
    public String phase;
    public List<Condition> conditions = new ArrayList<>();
    public PlanStatus plan;
    /** Per target, written by the migrator pod while it runs (field manager ownership-migrator). */
    public List<TargetProgress> progress;
    public String progressSummary;
    /** The migrator session a Job's pod waits for (pid, application, since when); absent once it holds the lock. */
    public String waitingFor;
    /** The Job in charge. */
    public String job;
    /** The steps of this generation whose Job succeeded: the record that outlives the Jobs (TTL, kubectl delete). */
    public List<String> completed;
    /** The last value of the annotation ownership.dev/retry the operator saw; a new value retries a stalled step. */
    public String lastRetry;
    public String startedAt;
    public String finishedAt;

    /** The plan the last plan Job produced; approvals name its hash. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class PlanStatus {
        public String hash;
        public Long generation;
        public Long pendingSteps;
        public Long rowsToBackfill;
        public List<String> targets;
        /** The ConfigMap holding this plan's text, exactly what {@code migrate plan} prints (key plan.txt). */
        public String configMap;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class TargetProgress {
        /** What the pod appends to a step it has finished: "backfill done". */
        public static final String DONE = " done";

        public String target;
        public String step;
        public Long rowsDone;
        public Long rowsTotal;
        public Integer lockRetries;
        /** Backfill rate over the last seconds, all sessions together. */
        public Long rowsPerSecond;
        /** Backfill time left at that rate. */
        public Long secondsLeft;
        /** Why the backfill waits, e.g. "waiting for replica lag 7.2s > 5s"; absent while it runs. */
        public String throttled;
        /**
         * A partitioned target's backfill: the partitions walked now and how many of those holding rows are done,
         * e.g. "events_2024_03 +1 (3 of 12 partitions done)"; absent for a plain table and once the step is done.
         */
        public String partition;

        /** Whether the pod works on the step it names (it has not finished it). */
        @JsonIgnore
        public boolean running() {
            return step != null && !step.endsWith(DONE);
        }

        /** How far the backfill is, where the pod reported its rows. */
        @JsonIgnore
        public Optional<Long> percentDone() {
            return rowsTotal != null && rowsTotal > 0 && rowsDone != null
                    ? Optional.of(Math.min(100, 100 * rowsDone / rowsTotal)) : Optional.empty();
        }

        /** Why the backfill waits, else its rate and time left; empty when the pod reported neither. */
        @JsonIgnore
        public String rateText() {
            return throttled != null ? throttled : rowsPerSecond == null ? ""
                    : BackfillProgress.rateText(rowsPerSecond, Optional.ofNullable(secondsLeft).map(Duration::ofSeconds));
        }
    }
}
