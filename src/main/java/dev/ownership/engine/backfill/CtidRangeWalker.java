package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * For tables without a usable key: ranges of heap pages, which PostgreSQL 14+ reads with a TID Range
 * Scan. Positions are page numbers; a range is [lower, upper) in pages.
 */
public class CtidRangeWalker implements RowWalker {
    private final TableInfo table;

    public CtidRangeWalker(TableInfo table) {
        this.table = table;
    }

    @Override
    public Optional<String> upperBound(Connection c) throws SQLException {
        long pages = Jdbc.count(c, "SELECT pg_relation_size(?::regclass) / current_setting('block_size')::bigint",
                table.sql());
        return pages == 0 ? Optional.empty() : Optional.of(Long.toString(pages));
    }

    @Override
    public Optional<String> nextBoundary(Connection c, Optional<String> lower, String upper, int rows)
            throws SQLException {
        long from = lower.map(Long::parseLong).orElse(0L);
        long end = Long.parseLong(upper);
        if (from >= end) {
            return Optional.empty();
        }
        long rowsPerPage = Math.max(1, Jdbc.count(c,
                "SELECT CASE WHEN relpages > 0 THEN (reltuples / relpages)::bigint ELSE 100 END FROM pg_class"
                        + " WHERE oid = ?", table.oid()));
        return Optional.of(Long.toString(Math.min(end, from + Math.max(1, rows / rowsPerPage))));
    }

    /** Page arithmetic: equal numbers of pages. */
    @Override
    public List<String> splitPoints(Connection c, Optional<String> lower, String upper, int parts) {
        return pageSplits(lower.map(Long::parseLong).orElse(0L), Long.parseLong(upper), parts);
    }

    static List<String> pageSplits(long from, long end, int parts) {
        List<String> points = new ArrayList<>();
        for (int i = 1; i < parts; i++) {
            long page = from + (end - from) * i / parts;
            if (page > from && page < end && (points.isEmpty() || page > Long.parseLong(points.get(points.size() - 1)))) {
                points.add(Long.toString(page));
            }
        }
        return points;
    }

    @Override
    public String rangeCondition(String alias, boolean hasLower) {
        return alias + ".ctid >= CAST(? AS tid) AND " + alias + ".ctid < CAST(? AS tid)";
    }

    @Override
    public List<Object> rangeParams(Optional<String> lower, String upper) {
        return List.of("(" + lower.orElse("0") + ",0)", "(" + upper + ",0)");
    }

    @Override
    public Optional<String> keyText(String alias) {
        return Optional.empty();
    }

    @Override
    public String someNullRows(String alias, String column) {
        return alias + ".ctid = ANY (ARRAY(SELECT n.ctid FROM " + table.sql() + " n WHERE n." + column
                + " IS NULL LIMIT ?))";
    }
}
