package dev.ownership.operator;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sets conditions the way kubectl, kstatus, Argo CD and Flux read them: lastTransitionTime changes only
 * when the status flips; reason, message and observedGeneration follow every reconcile.
 */
public final class Conditions {
    public static final String READY = "Ready";
    public static final String RECONCILING = "Reconciling";
    public static final String STALLED = "Stalled";
    public static final String PLANNED = "Planned";
    public static final String AWAITING_APPROVAL = "AwaitingApproval";

    private Conditions() {
    }

    public static List<Condition> set(List<Condition> current, String type, boolean status, String reason,
                                      String message, long generation, Instant now) {
        List<Condition> next = new ArrayList<>();
        String wanted = status ? "True" : "False";
        boolean found = false;
        for (Condition c : current) {
            if (!c.getType().equals(type)) {
                next.add(c);
                continue;
            }
            found = true;
            String since = wanted.equals(c.getStatus()) && c.getLastTransitionTime() != null
                    ? c.getLastTransitionTime() : now.toString();
            next.add(condition(type, wanted, reason, message, generation, since));
        }
        if (!found) {
            next.add(condition(type, wanted, reason, message, generation, now.toString()));
        }
        return next;
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return whereTrue(conditions, type).isPresent();
    }

    /** The condition of this type, while it is True. */
    public static Optional<Condition> whereTrue(List<Condition> conditions, String type) {
        return conditions.stream().filter(c -> c.getType().equals(type) && "True".equals(c.getStatus())).findFirst();
    }

    private static Condition condition(String type, String status, String reason, String message, long generation,
                                       String since) {
        return new ConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withObservedGeneration(generation).withLastTransitionTime(since).build();
    }
}
