package dev.ownership.api.v1alpha1;

/** How the engine runs; every field has a default. Durations are written like 500ms, 2s, 1m. */
public class ExecutionSpec {
    public ExecutionMode mode;
    public Integer batchSize;
    public String targetBatchTime;
    public String pauseBetweenBatches;
    public String lockTimeout;
    public String backgroundLockTimeout;
    public Integer lockRetries;
    public String ledgerSchema;
    /** Keep the fill trigger after apply, for applications that do not write owners yet. */
    public Boolean keepFillTrigger;
}
