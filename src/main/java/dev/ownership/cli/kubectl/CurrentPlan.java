package dev.ownership.cli.kubectl;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.api.v1alpha1.OwnershipMigrationStatus.PlanStatus;
import dev.ownership.cli.ExitCodes;
import io.fabric8.kubernetes.api.model.ConfigMap;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plan of a resource's current generation, as its ConfigMap keeps it: the text a person reads and the hash
 * that approving it means. Refused when there is none, when it belongs to an older generation, or when the
 * ConfigMap's hash is not the one in status.plan (then what one reads is not what one would approve).
 */
record CurrentPlan(String namespace, String name, long generation, String hash, String configMap, String text) {
    static final String TEXT_KEY = "plan.txt";
    static final String HASH_KEY = "hash";

    /** @param configMaps a ConfigMap of the resource's namespace by name, null when there is none */
    static CurrentPlan of(OwnershipMigration om, Function<String, ConfigMap> configMaps) {
        String namespace = om.getMetadata().getNamespace();
        String name = om.getMetadata().getName();
        String who = namespace + "/" + name;
        long generation = Optional.ofNullable(om.getMetadata().getGeneration()).orElse(0L);
        PlanStatus plan = Optional.ofNullable(om.getStatus()).map(s -> s.plan).orElse(null);
        if (plan == null || plan.hash == null) {
            throw new Refusal(ExitCodes.PREFLIGHT, who + " has no plan yet (status.plan is empty): the operator"
                    + " plans each generation first; see kubectl describe om " + name);
        }
        if (plan.generation == null || plan.generation != generation) {
            throw new Refusal(ExitCodes.PREFLIGHT, who + ": status.plan is of generation " + plan.generation
                    + ", the resource is at generation " + generation + "; the operator has not planned the"
                    + " current spec yet, try again shortly");
        }
        if (plan.configMap == null) {
            throw new Refusal(ExitCodes.PREFLIGHT, who + ": status.plan.configMap is empty (an operator that does"
                    + " not keep plans in ConfigMaps); plan " + plan.hash + " is only in the plan Job's log");
        }
        ConfigMap cm = configMaps.apply(plan.configMap);
        Map<String, String> data = cm == null ? null : cm.getData();
        if (data == null || data.get(TEXT_KEY) == null) {
            throw new Refusal(ExitCodes.PREFLIGHT, who + ": ConfigMap " + namespace + "/" + plan.configMap
                    + " (status.plan.configMap) " + (cm == null ? "does not exist" : "has no key " + TEXT_KEY));
        }
        if (!plan.hash.equals(data.get(HASH_KEY))) {
            throw new Refusal(ExitCodes.PREFLIGHT, who + ": ConfigMap " + plan.configMap + " holds plan "
                    + data.get(HASH_KEY) + " but status.plan.hash is " + plan.hash + "; try again shortly");
        }
        return new CurrentPlan(namespace, name, generation, plan.hash, plan.configMap, data.get(TEXT_KEY));
    }
}
