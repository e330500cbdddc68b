package dev.ownership.api.v1alpha1;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses Kubernetes-style durations: 500ms, 2s, 1m30s, 1h. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+)(ms|s|m|h)");
    public static final String FORMAT = "^([0-9]+(ms|s|m|h))+$";

    private Durations() {
    }

    public static Optional<Duration> parse(String text) {
        if (text == null || !text.matches(FORMAT)) {
            return Optional.empty();
        }
        Duration total = Duration.ZERO;
        Matcher m = PART.matcher(text);
        while (m.find()) {
            long n = Long.parseLong(m.group(1));
            total = total.plus(switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                default -> Duration.ofHours(n);
            });
        }
        return Optional.of(total);
    }
}
