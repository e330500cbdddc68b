package dev.ownership.engine;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A backfill's progress after a committed batch.
 *
 * @param rowsPerSecond over the last few seconds (all sessions together); 0 until the first batch is in
 * @param timeLeft      at that rate, for the rows still to fill; empty while the rate is unknown
 * @param partitions    where a partitioned target's walk is; empty for a plain table
 */
public record BackfillProgress(long rowsDone, long rowsTotal, double rowsPerSecond, Optional<Duration> timeLeft,
                               Optional<Partitions> partitions) {

    /**
     * The partitions the sessions walk now and how many of the partitions holding rows are walked to the end.
     *
     * @param walking partition names, the one walked longest first
     */
    public record Partitions(List<String> walking, int done, int total) {
        public Partitions {
            walking = List.copyOf(walking);
        }

        /** "events_2024_03 +1 (3 of 12 partitions done)", as status.progress[].partition and Progress say it. */
        public String text() {
            String count = done + " of " + total + " partitions done";
            if (walking.isEmpty()) {
                return count;
            }
            return walking.get(0) + (walking.size() > 1 ? " +" + (walking.size() - 1) : "") + " (" + count + ")";
        }
    }

    /** "31k rows/s, ~2m left", as the Progress column and the logs say it; empty while the rate is unknown. */
    public static String rateText(double rowsPerSecond, Optional<Duration> timeLeft) {
        if (rowsPerSecond <= 0) {
            return "";
        }
        return rows(rowsPerSecond) + " rows/s" + timeLeft.map(t -> ", ~" + duration(t) + " left").orElse("");
    }

    public static String rows(double n) {
        if (n < 1_000) {
            return Long.toString(Math.round(n));
        }
        if (n < 10_000) {
            return String.format(Locale.ROOT, "%.1fk", n / 1_000);
        }
        if (n < 1_000_000) {
            return Math.round(n / 1_000) + "k";
        }
        return String.format(Locale.ROOT, "%.1fM", n / 1_000_000);
    }

    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s";
        }
        if (s < 3_600) {
            return Math.round(s / 60.0) + "m";
        }
        return s / 3_600 + "h " + String.format(Locale.ROOT, "%02dm", s % 3_600 / 60);
    }
}
