package dev.ownership.gitops;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The kstatus rules Flux (wait, healthChecks) and kubectl wait rely on, as a small pure evaluator:
 * nothing counts before status.observedGeneration equals metadata.generation; Stalled=True is Failed,
 * Reconciling=True is InProgress (both abnormal-true: True means trouble or work, absence means neither);
 * Ready=True is Current; anything else is still InProgress.
 */
public final class KStatus {
    public enum Status { CURRENT, IN_PROGRESS, FAILED }

    public record Result(Status status, String message) {
    }

    private KStatus() {
    }

    public static Result evaluate(Map<String, Object> object) {
        Map<String, Object> status = map(object.get("status"));
        Object generation = map(object.get("metadata")).get("generation");
        if (status.isEmpty()) {
            return new Result(Status.IN_PROGRESS, "no status yet");
        }
        if (!Objects.equals(number(status.get("observedGeneration")), number(generation))) {
            return new Result(Status.IN_PROGRESS, "generation " + generation + " not observed yet");
        }
        List<Map<String, Object>> conditions = conditions(object);
        return isTrue(conditions, "Stalled").map(c -> new Result(Status.FAILED, c.get("message").toString()))
                .or(() -> isTrue(conditions, "Reconciling").map(c -> new Result(Status.IN_PROGRESS, c.get("message").toString())))
                .or(() -> isTrue(conditions, "Ready").map(c -> new Result(Status.CURRENT, c.get("message").toString())))
                .orElse(new Result(Status.IN_PROGRESS, "Ready is not True"));
    }

    @SuppressWarnings("unchecked")
    public static List<Map<String, Object>> conditions(Map<String, Object> object) {
        Object conditions = map(object.get("status")).get("conditions");
        return conditions == null ? List.of() : (List<Map<String, Object>>) conditions;
    }

    public static Optional<Map<String, Object>> isTrue(List<Map<String, Object>> conditions, String type) {
        return conditions.stream().filter(c -> type.equals(c.get("type")) && "True".equals(c.get("status")))
                .findFirst();
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> map(Object value) {
        return value == null ? Map.of() : (Map<String, Object>) value;
    }

    public static Long number(Object value) {
        return value == null ? null : ((Number) value).longValue();
    }
}
