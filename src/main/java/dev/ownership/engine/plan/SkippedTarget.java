package dev.ownership.engine.plan;

import dev.ownership.engine.model.Target;

/** A target left out on purpose (ifExists and the table is absent), reported in plan and result. */
public record SkippedTarget(Target target, String reason) {
}
