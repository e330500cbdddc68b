package dev.ownership.cli.kubectl;

import dev.ownership.engine.BackfillProgress;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** Status rows as an aligned table, kubectl style: upper-case headers, columns apart by three spaces, "-" unknown. */
final class StatusTable {
    private static final String UNKNOWN = "-";
    private static final List<String> HEADERS = List.of("NAME", "PHASE", "STEP", "ROWS", "RATE", "LEFT");
    private static final List<Function<StatusRow, String>> CELLS = List.of(
            StatusRow::name,
            r -> Optional.ofNullable(r.phase()).orElse(UNKNOWN),
            r -> Optional.ofNullable(r.step()).orElse(UNKNOWN),
            StatusTable::rows,
            r -> Optional.ofNullable(r.rowsPerSecond()).map(n -> BackfillProgress.rows(n) + "/s").orElse(UNKNOWN),
            r -> Optional.ofNullable(r.secondsLeft()).map(s -> BackfillProgress.duration(Duration.ofSeconds(s)))
                    .orElse(UNKNOWN));

    private StatusTable() {
    }

    static String format(List<StatusRow> rows) {
        List<List<String>> lines = new ArrayList<>();
        lines.add(HEADERS);
        rows.forEach(r -> lines.add(CELLS.stream().map(c -> c.apply(r)).toList()));
        int[] widths = new int[HEADERS.size()];
        lines.forEach(l -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], l.get(i).length());
            }
        });
        StringBuilder out = new StringBuilder();
        for (List<String> l : lines) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == widths.length - 1 ? l.get(i) : pad(l.get(i), widths[i] + 3));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }

    /** "1,200/5,000 (24%)": where the whole backfill is. */
    private static String rows(StatusRow r) {
        if (r.rowsDone() == null || r.rowsTotal() == null) {
            return UNKNOWN;
        }
        long percent = r.rowsTotal() == 0 ? 100 : Math.min(100, 100 * r.rowsDone() / r.rowsTotal());
        return String.format(Locale.ROOT, "%,d/%,d (%d%%)", r.rowsDone(), r.rowsTotal(), percent);
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(width - s.length());
    }
}
