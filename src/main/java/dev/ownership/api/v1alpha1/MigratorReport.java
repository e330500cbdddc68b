package dev.ownership.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * What a migrator run leaves in its container's termination message, for the operator: the outcome and
 * the plan. Kubernetes keeps at most 4096 bytes there, so {@link #toJson()} shortens what does not fit.
 * It never holds connection details: the engine words connection failures without URL, user, password or any
 * value of the environment (a Job's Secret), and never quotes other sessions' queries.
 *
 * @param reason CamelCase, as status conditions use it: Succeeded, InvalidSpec, PreflightFailed, LockTimeout,
 *               MigratorBusy, DatabaseUnreachable, VerifyFailed, PlanChanged, Failed
 * @param planHash of the plan the run made; for {@code plan --revert} the revert plan's, which {@code revert
 *                 --plan-hash} takes
 * @param planConfigMap the ConfigMap the plan run wrote its text to; absent when it was not asked to or could not
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MigratorReport(String action, int exitCode, String reason, String message, String planHash,
                             Long pendingSteps, Long rowsToBackfill, Long rowsChanged, Integer lockRetries,
                             List<String> targets, String planConfigMap) {
    static final int MAX_BYTES = 4096;
    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public String toJson() {
        MigratorReport fitted = this;
        if (bytes(fitted) > MAX_BYTES) {
            fitted = new MigratorReport(action, exitCode, reason, message, planHash, pendingSteps, rowsToBackfill,
                    rowsChanged, lockRetries, null, planConfigMap);
        }
        if (bytes(fitted) > MAX_BYTES) {
            int room = Math.max(0, message.length() - (bytes(fitted) - MAX_BYTES) - 16);
            fitted = new MigratorReport(action, exitCode, reason, message.substring(0, room) + " [...]", planHash,
                    pendingSteps, rowsToBackfill, rowsChanged, lockRetries, null, planConfigMap);
        }
        return write(fitted);
    }

    public static Optional<MigratorReport> parse(String json) {
        if (json == null || json.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(json, MigratorReport.class));
        } catch (JsonProcessingException e) {
            return Optional.empty(); // not ours: a crash before the report was written
        }
    }

    public boolean succeeded() {
        return exitCode == 0;
    }

    private static int bytes(MigratorReport r) {
        return write(r).getBytes(StandardCharsets.UTF_8).length;
    }

    private static String write(MigratorReport r) {
        try {
            return JSON.writeValueAsString(r);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
