package dev.ownership.api.v1alpha1;

import dev.ownership.engine.model.BackfillPace;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the engine runs; every field has a default. Durations are written like 500ms, 2s, 1m. */
public class ExecutionSpec {
    public ExecutionMode mode;
    /**
     * The order online batches walk a table in: Auto (default: Pages), Pages (windows of heap pages, PostgreSQL 14+)
     * or Key.
     */
    public BackfillOrder backfillOrder;
    @Min(1)
    @Max(1_000_000)
    public Integer batchSize;
    @Pattern(Durations.FORMAT)
    public String targetBatchTime;
    @Pattern(Durations.FORMAT)
    public String pauseBetweenBatches;
    @Pattern(Durations.FORMAT)
    public String lockTimeout;
    @Pattern(Durations.FORMAT)
    public String backgroundLockTimeout;
    @Min(0)
    @Max(1_000)
    public Integer lockRetries;
    @Size(max = PgIdentifier.MAX)
    @ValidationRule(value = PgIdentifier.RULE, message = PgIdentifier.MESSAGE)
    public String ledgerSchema;
    /** Keep the fill trigger after apply, for applications that do not write owners yet. */
    public Boolean keepFillTrigger;
    /** Sessions filling disjoint slices of a target at once. */
    @Min(1)
    @Max(BackfillPace.MAX_PARALLELISM)
    public Integer parallelism;
    /** Batches wait while a streaming replica is further behind: a duration (5s) or WAL bytes (64MB). */
    @Pattern(ReplicaLags.FORMAT)
    public String maxReplicaLag;
    /** A cap on the rows all sessions fill per second together. */
    @Min(1)
    public Long maxRowsPerSecond;
}
