package dev.ownership.engine.plan;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Chains of owners: targets named by letters, each mapped to the target it copies its owner from. */
class TargetOrderTest {

    private static Function<String, Optional<String>> parents(Map<String, String> parentOf) {
        return t -> Optional.ofNullable(parentOf.get(t));
    }

    @Test
    void aChainListedBackwardsRunsParentsFirst() {
        Map<String, String> chain = Map.of("labels", "tasks", "tasks", "projects", "projects", "orgs");
        assertThat(TargetOrder.parentsFirst(List.of("labels", "tasks", "projects", "orgs"), parents(chain)))
                .containsExactly("orgs", "projects", "tasks", "labels");
    }

    @Test
    void targetsOutsideChainsKeepTheirListedOrder() {
        // c copies from x; y and z are unrelated: they stay where they are, c waits for x
        assertThat(TargetOrder.parentsFirst(List.of("c", "y", "x", "z"), parents(Map.of("c", "x"))))
                .containsExactly("y", "x", "c", "z");
        assertThat(TargetOrder.parentsFirst(List.of("b", "a", "d"), parents(Map.of()))).containsExactly("b", "a", "d");
    }

    @Test
    void aParentOutsideTheListIsNoDependency() {
        assertThat(TargetOrder.parentsFirst(List.of("b", "a"), parents(Map.of("a", "elsewhere"))))
                .containsExactly("b", "a");
        assertThat(TargetOrder.cycles(List.of("b", "a"), parents(Map.of("a", "elsewhere")))).isEmpty();
    }

    @Test
    void twoChildrenOfOneParentBothFollowIt() {
        assertThat(TargetOrder.parentsFirst(List.of("c1", "c2", "p"), parents(Map.of("c1", "p", "c2", "p"))))
                .containsExactly("p", "c1", "c2");
    }

    @Test
    void findsEachCycleOnceFromItsFirstListedTarget() {
        // a -> b -> a, d -> e -> f -> d (entered at f by g), and g hanging off it, h alone
        Map<String, String> parentOf = Map.of("b", "a", "a", "b", "g", "f", "f", "d", "d", "e", "e", "f");
        List<String> targets = List.of("g", "b", "h", "e", "a", "d", "f");
        assertThat(TargetOrder.cycles(targets, parents(parentOf)))
                .containsExactly(List.of("b", "a"), List.of("e", "f", "d"));
    }

    @Test
    void aTargetThatIsItsOwnParentIsACycle() {
        assertThat(TargetOrder.cycles(List.of("x", "folders"), parents(Map.of("folders", "folders"))))
                .containsExactly(List.of("folders"));
    }

    @Test
    void describesACycleWithSpecPathsRoundToItsStart() {
        List<String> targets = List.of("public.a.tenant_id", "public.c.tenant_id", "public.b.tenant_id");
        Function<String, String> path = t -> "spec.targets[" + targets.indexOf(t) + "]";
        assertThat(TargetOrder.describe(List.of("public.a.tenant_id", "public.b.tenant_id"), path, t -> t))
                .isEqualTo("spec.targets[0] (public.a.tenant_id) -> spec.targets[2] (public.b.tenant_id)"
                        + " -> spec.targets[0]");
        assertThat(TargetOrder.describe(List.of("public.c.tenant_id"), path, t -> t))
                .isEqualTo("spec.targets[1] (public.c.tenant_id) -> spec.targets[1]");
    }

    @Test
    void orderingACycleIsAProgrammingError() {
        assertThatThrownBy(() -> TargetOrder.parentsFirst(List.of("a", "b"), parents(Map.of("a", "b", "b", "a"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
