package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keyset pagination on a unique key of NOT NULL columns (the primary key, usually), one column or several
 * compared as a row ({@code (a, b) > (?, ?)}) in the order and collation of the key's index: index range scans
 * only.
 *
 * <p>Batch ends come from one ordered pass over the key, before the first batch: every {@link #CHUNK_ROWS}-th key
 * (more apart on big tables, so at most {@link #MAX_CHUNK_ENDS} are kept), and a batch spans as many chunks as it
 * has rows to fill. That pass reads only the index while the table's visibility map is intact, which it is before
 * the backfill's own updates clear it; a query per batch for its end ({@code OFFSET n}) read n heap tuples each
 * time, about as much again as the batch's UPDATE. The ends are only where ranges meet: rows inserted or deleted
 * since make a batch a little longer or shorter, never skip a row. Ends are kept per range walked (by its upper
 * end), so parallel sessions share one walker, each walking its own slice.
 */
public class KeyRangeWalker implements RowWalker {
    static final int CHUNK_ROWS = 100;
    static final int MAX_CHUNK_ENDS = 100_000;
    static final double SAMPLE_ROWS = 10_000;
    private static final int NOT_READ = -2;

    private final TableInfo table;
    private final RowKey rowKey;
    private final KeySql key;
    private final int maxChunkEnds;
    /** By the upper end of the range walked: parallel sessions walk slices with different upper ends at once. */
    private final Map<String, ChunkEnds> endsByUpper = new ConcurrentHashMap<>();

    public KeyRangeWalker(TableInfo table, RowKey key) {
        this(table, key, MAX_CHUNK_ENDS);
    }

    /** With fewer chunk ends kept, so tests read them in several windows. */
    KeyRangeWalker(TableInfo table, RowKey key, int maxChunkEnds) {
        this.table = table;
        this.rowKey = key;
        this.key = new KeySql(key);
        this.maxChunkEnds = maxChunkEnds;
    }

    /**
     * The chunk ends after {@code from} up to {@code upper}, ascending; {@code complete} when they reach upper,
     * else the read stopped at the limit and the next ends are read from the last.
     */
    private record ChunkEnds(Optional<String> from, int rowsPerChunk, List<String> ends, Map<String, Integer> index,
                             boolean complete) {
        /** Where lower is among the ends: -1 at their start, NOT_READ when they do not hold it. */
        int position(Optional<String> lower) {
            if (lower.equals(from)) {
                return -1;
            }
            return lower.map(l -> index.getOrDefault(l, NOT_READ)).orElse(NOT_READ);
        }
    }

    @Override
    public String describe() {
        return "key ranges on " + String.join(", ", rowKey.names());
    }

    @Override
    public Optional<String> upperBound(Connection c) throws SQLException {
        // ORDER BY ... LIMIT 1 reads one index entry, and works for types without max() such as uuid
        return Jdbc.one(c, "SELECT " + key.text("t") + " FROM " + table.sql() + " t ORDER BY " + key.order("t", true)
                + " LIMIT 1", rs -> rs.getString(1));
    }

    @Override
    public Optional<String> nextBoundary(Connection c, Optional<String> lower, String upper, int rows)
            throws SQLException {
        if (lower.filter(upper::equals).isPresent()) {
            return Optional.empty();
        }
        ChunkEnds ends = endsByUpper.get(upper);
        int at = ends == null ? NOT_READ : ends.position(lower);
        if (at == NOT_READ || (at == ends.ends().size() - 1 && !ends.complete())) {
            ends = readEnds(c, lower, upper);
            endsByUpper.put(upper, ends);
            at = -1;
        }
        int next = at + Math.max(1, Math.round((float) rows / ends.rowsPerChunk()));
        if (next < ends.ends().size()) {
            return Optional.of(ends.ends().get(next));
        }
        return Optional.of(ends.complete() ? upper : ends.ends().get(ends.ends().size() - 1));
    }

    private ChunkEnds readEnds(Connection c, Optional<String> lower, String upper) throws SQLException {
        long estimate = Jdbc.count(c, "SELECT GREATEST(reltuples, 0)::bigint FROM pg_class WHERE oid = ?", table.oid());
        int perChunk = (int) Math.max(CHUNK_ROWS, Math.min(Integer.MAX_VALUE, estimate / maxChunkEnds + 1));
        List<Object> params = new ArrayList<>(rangeParams(lower, upper));
        params.add(perChunk);
        params.add(maxChunkEnds);
        // only key columns: an index-only scan where the visibility map allows
        List<String> found = Jdbc.list(c, "SELECT " + key.text("s") + " FROM (SELECT " + key.columns("t")
                + ", row_number() OVER (ORDER BY " + key.order("t", false) + ") AS ownership_n FROM " + table.sql()
                + " t WHERE " + rangeCondition("t", lower.isPresent()) + ") s WHERE s.ownership_n % ? = 0 LIMIT ?",
                rs -> rs.getString(1), params.toArray());
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < found.size(); i++) {
            index.put(found.get(i), i);
        }
        return new ChunkEnds(lower, perChunk, found, index, found.size() < maxChunkEnds);
    }

    /**
     * Quantiles of a page sample (TABLESAMPLE SYSTEM reads about 10,000 rows' worth of pages, whatever the table's
     * size), sorted in the key's index order, so cutting a large table costs no full index scan.
     */
    @Override
    public List<String> splitPoints(Connection c, Optional<String> lower, String upper, int parts) throws SQLException {
        if (parts < 2) {
            return List.of();
        }
        double percent = Jdbc.one(c, "SELECT CASE WHEN reltuples > ? THEN 100 * ? / reltuples ELSE 100 END"
                + " FROM pg_class WHERE oid = ?", rs -> rs.getDouble(1), SAMPLE_ROWS, SAMPLE_ROWS, table.oid())
                .orElse(100.0);
        List<Object> params = new ArrayList<>();
        params.add(percent);
        params.addAll(rangeParams(lower, upper));
        List<String> sample = Jdbc.list(c, "SELECT " + key.text("t") + " FROM " + table.sql()
                + " t TABLESAMPLE SYSTEM (CAST(? AS float8)) WHERE " + rangeCondition("t", lower.isPresent())
                + " ORDER BY " + key.order("t", false), rs -> rs.getString(1), params.toArray());
        List<String> points = new ArrayList<>();
        for (int i = 1; i < parts && !sample.isEmpty(); i++) {
            String point = sample.get(i * sample.size() / parts);
            // equal neighbours (a small sample) and the range's own ends cut nothing
            if (!point.equals(upper) && !lower.filter(point::equals).isPresent()
                    && (points.isEmpty() || !points.get(points.size() - 1).equals(point))) {
                points.add(point);
            }
        }
        return points;
    }

    @Override
    public String rangeCondition(String alias, boolean hasLower) {
        String row = key.row(alias);
        return (hasLower ? row + " > " + key.values() + " AND " : "") + row + " <= " + key.values();
    }

    @Override
    public List<Object> rangeParams(Optional<String> lower, String upper) {
        List<Object> params = new ArrayList<>();
        lower.ifPresent(l -> params.addAll(key.parameters(l)));
        params.addAll(key.parameters(upper));
        return params;
    }

    @Override
    public Optional<String> keyText(String alias) {
        return Optional.of(key.text(alias));
    }

    @Override
    public String someNullRows(String alias, String column) {
        return key.row(alias) + " IN (SELECT " + key.columns("n") + " FROM " + table.sql() + " n WHERE n." + column
                + " IS NULL LIMIT ?)";
    }
}
