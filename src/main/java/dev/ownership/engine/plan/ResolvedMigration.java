package dev.ownership.engine.plan;

import dev.ownership.engine.model.MigrationSpec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A spec that passed preflight: targets in the order apply runs them (parents before children). */
public record ResolvedMigration(MigrationSpec spec, int serverVersion, ResolvedOwner owner,
                                List<ResolvedTarget> targets, List<SkippedTarget> skipped, List<String> warnings) {

    /** The order revert runs in, apply's backwards: a child's fill trigger never reads a parent column that is gone. */
    public List<ResolvedTarget> childrenFirst() {
        List<ResolvedTarget> reversed = new ArrayList<>(targets);
        Collections.reverse(reversed);
        return reversed;
    }
}
