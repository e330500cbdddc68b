package dev.ownership.engine;

import java.util.List;

/** What verify found: per target the problems (none when all is in force) and rows per owner. */
public record VerifyReport(String migration, List<TargetReport> targets, List<String> skipped) {

    public record TargetReport(String target, long rows, List<String> problems, List<OwnerCount> topOwners) {
    }

    public record OwnerCount(String owner, long rows) {
    }

    public boolean ok() {
        return targets.stream().allMatch(t -> t.problems().isEmpty());
    }
}
