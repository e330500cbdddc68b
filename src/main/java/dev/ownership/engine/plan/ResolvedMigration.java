package dev.ownership.engine.plan;

import dev.ownership.engine.model.MigrationSpec;

import java.util.List;

/** A spec that passed preflight: targets in the order they must run (parents before children). */
public record ResolvedMigration(MigrationSpec spec, int serverVersion, ResolvedOwner owner,
                                List<ResolvedTarget> targets, List<SkippedTarget> skipped, List<String> warnings) {
}
