package dev.ownership.api.v1alpha1;

import dev.ownership.engine.model.ReplicaLagLimit;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses execution.maxReplicaLag: a duration (5s, 1m30s) or bytes of WAL in PostgreSQL's units (64MB, 1GB). */
public final class ReplicaLags {
    private static final Pattern BYTES = Pattern.compile("^([0-9]+)(B|kB|MB|GB|TB)$");
    public static final String FORMAT = "^(([0-9]+(ms|s|m|h))+|[0-9]+(B|kB|MB|GB|TB))$";

    private ReplicaLags() {
    }

    public static Optional<ReplicaLagLimit> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = BYTES.matcher(text);
        if (m.matches()) {
            int shift = switch (m.group(2)) {
                case "B" -> 0;
                case "kB" -> 10;
                case "MB" -> 20;
                case "GB" -> 30;
                default -> 40;
            };
            long n = Long.parseLong(m.group(1));
            return n > (Long.MAX_VALUE >> shift) ? Optional.empty()
                    : Optional.of(new ReplicaLagLimit.Bytes(n << shift, text));
        }
        return Durations.parse(text).map(d -> new ReplicaLagLimit.Time(d, text));
    }
}
