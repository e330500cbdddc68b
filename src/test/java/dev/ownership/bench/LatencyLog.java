package dev.ownership.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/** Every application statement of one run: what it was, when it started, how long it took, how it failed. */
final class LatencyLog {
    /** @param sqlState null when the statement succeeded */
    record Sample(String kind, long startNanos, long nanos, String sqlState) {
        double millis() {
            return nanos / 1e6;
        }

        long endNanos() {
            return startNanos + nanos;
        }
    }

    record Stats(int count, double maxMillis, double p99Millis, double p50Millis, Optional<Sample> longest,
                 Map<String, Integer> errors) {
    }

    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> firstMessages = new TreeMap<>();

    synchronized void add(String kind, long startNanos, long nanos, String sqlState) {
        samples.add(new Sample(kind, startNanos, nanos, sqlState));
    }

    /** Keeps the first message of each kind of failure, for the report (a deadlock's message names the locks). */
    synchronized void message(String kind, String sqlState, String message) {
        firstMessages.putIfAbsent(kind + " " + sqlState, message.replaceAll("\\s+", " ").trim());
    }

    synchronized Map<String, String> firstMessages() {
        return Map.copyOf(firstMessages);
    }

    synchronized List<Sample> samples() {
        return List.copyOf(samples);
    }

    Stats stats() {
        return stats(s -> true);
    }

    /** Statistics of the statements that were running at some moment in [from, to]. */
    Stats overlapping(long fromNanos, long toNanos) {
        return stats(s -> s.startNanos() <= toNanos && s.endNanos() >= fromNanos);
    }

    Stats stats(Predicate<Sample> which) {
        List<Sample> chosen = samples().stream().filter(which).sorted(Comparator.comparingLong(Sample::nanos))
                .toList();
        Map<String, Integer> errors = new TreeMap<>();
        chosen.stream().filter(s -> s.sqlState() != null)
                .forEach(s -> errors.merge(s.kind() + " " + s.sqlState(), 1, Integer::sum));
        if (chosen.isEmpty()) {
            return new Stats(0, 0, 0, 0, Optional.empty(), errors);
        }
        return new Stats(chosen.size(), chosen.get(chosen.size() - 1).millis(), percentile(chosen, 0.99),
                percentile(chosen, 0.50), Optional.of(chosen.get(chosen.size() - 1)), errors);
    }

    private static double percentile(List<Sample> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))).millis();
    }
}
