package dev.ownership.api.v1alpha1;

import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** How the engine runs; every field has a default. Durations are written like 500ms, 2s, 1m. */
public class ExecutionSpec {
    public ExecutionMode mode;
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
}
