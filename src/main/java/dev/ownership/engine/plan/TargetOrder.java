package dev.ownership.engine.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The order of targets along chains of owners: a target whose owner is copied from another target's column
 * (its parent in the chain) runs after it; targets unrelated by a chain keep the order they are listed in.
 * Each target copies from at most one parent, so following parents from any target either ends or comes back
 * round: a cycle, which has no first target to fill and is refused.
 */
final class TargetOrder {
    private TargetOrder() {
    }

    /**
     * Parents before children, otherwise as listed.
     *
     * @param parentOf the target whose column {@code t} copies its owner from, if any (one outside the list is no
     *                 dependency)
     * @throws IllegalArgumentException on a cycle: callers refuse those first, with {@link #cycles}
     */
    static <T> List<T> parentsFirst(List<T> targets, Function<T, Optional<T>> parentOf) {
        List<T> ordered = new ArrayList<>();
        List<T> pending = new ArrayList<>(targets);
        while (!pending.isEmpty()) {
            T next = pending.stream().filter(t -> parentOf.apply(t).filter(pending::contains).isEmpty()).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("the chains of owners have a cycle"));
            ordered.add(next);
            pending.remove(next);
        }
        return ordered;
    }

    /**
     * Every cycle once, from its first listed target round the chain (each target followed by its parent),
     * cycles in the order of their first targets.
     */
    static <T> List<List<T>> cycles(List<T> targets, Function<T, Optional<T>> parentOf) {
        List<List<T>> cycles = new ArrayList<>();
        Set<T> seen = new HashSet<>();
        for (T start : targets) {
            List<T> walk = new ArrayList<>();
            Optional<T> cursor = Optional.of(start);
            while (cursor.isPresent() && !seen.contains(cursor.get()) && !walk.contains(cursor.get())) {
                walk.add(cursor.get());
                cursor = parentOf.apply(cursor.get());
            }
            if (cursor.isPresent() && walk.contains(cursor.get())) { // back on this walk, not on an earlier one
                List<T> cycle = walk.subList(walk.indexOf(cursor.get()), walk.size());
                int first = cycle.indexOf(cycle.stream().min(Comparator.comparingInt(targets::indexOf)).orElseThrow());
                List<T> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
                rotated.addAll(cycle.subList(0, first));
                cycles.add(rotated);
            }
            seen.addAll(walk);
        }
        cycles.sort(Comparator.comparingInt(c -> targets.indexOf(c.get(0))));
        return cycles;
    }

    /**
     * A cycle as a message names it, round to its first target again, e.g.
     * {@code spec.targets[0] (public.a.tenant_id) -> spec.targets[2] (public.b.tenant_id) -> spec.targets[0]}.
     *
     * @param path  where a target is in the spec
     * @param label what it is
     */
    static <T> String describe(List<T> cycle, Function<T, String> path, Function<T, String> label) {
        List<String> names = new ArrayList<>();
        cycle.forEach(t -> names.add(path.apply(t) + " (" + label.apply(t) + ")"));
        names.add(path.apply(cycle.get(0)));
        return String.join(" -> ", names);
    }

    /** The parent of a resolved target among {@code targets}: the target of the table and column it copies from. */
    static Function<ResolvedTarget, Optional<ResolvedTarget>> parentAmong(List<ResolvedTarget> targets) {
        return child -> child.parent().flatMap(p -> targets.stream()
                .filter(t -> t.table().oid() == p.table().oid() && t.column().equals(p.ownerColumn())).findFirst());
    }
}
