package dev.ownership.engine;

import java.util.List;

/** What apply or revert did, step by step. */
public record RunResult(String migration, String action, long runId, String planHash, List<StepResult> steps,
                        List<String> skipped, List<String> warnings) {

    public record StepResult(String target, String step, boolean skipped, long rows, long millis, int retries) {
    }

    public long rows() {
        return steps.stream().mapToLong(StepResult::rows).sum();
    }

    public int lockRetries() {
        return steps.stream().mapToInt(StepResult::retries).sum();
    }

    public boolean changedSomething() {
        return steps.stream().anyMatch(s -> !s.skipped());
    }
}
