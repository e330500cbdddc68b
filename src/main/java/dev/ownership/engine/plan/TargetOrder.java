package dev.ownership.engine.plan;

import java.util.ArrayList;
import java.util.List;

/** Orders targets so a parent's owner column is filled before its children copy it. */
final class TargetOrder {
    private TargetOrder() {
    }

    static List<ResolvedTarget> parentsFirst(List<ResolvedTarget> targets) {
        List<ResolvedTarget> ordered = new ArrayList<>();
        List<ResolvedTarget> pending = new ArrayList<>(targets);
        while (!pending.isEmpty()) {
            ResolvedTarget next = pending.stream().filter(t -> pending.stream().noneMatch(o -> o != t && isParentOf(o, t)))
                    .findFirst().orElse(pending.get(0)); // cycles were refused with the spec
            ordered.add(next);
            pending.remove(next);
        }
        return ordered;
    }

    private static boolean isParentOf(ResolvedTarget candidate, ResolvedTarget child) {
        return child.parent().map(p -> p.table().oid() == candidate.table().oid()
                && p.ownerColumn().equals(candidate.column())).orElse(false);
    }
}
