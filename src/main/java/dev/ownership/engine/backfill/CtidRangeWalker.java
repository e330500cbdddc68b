package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.sql.Jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Windows of heap pages, which PostgreSQL 14+ reads with a TID Range Scan, each filled in passes
 * ({@link PageWindows}). A slice is a range of pages [lower, upper); the table's unique key, when it has one, only
 * names the rows filled.
 */
public class CtidRangeWalker implements RowWalker {
    private final TableInfo table;
    private static final int SAMPLED_PAGES = 32;

    private final Optional<RowKey> key;
    /** 0 until read; parallel sessions share the walker, and reading it twice is harmless. */
    private volatile long rowsPerPage;

    public CtidRangeWalker(TableInfo table, Optional<RowKey> key) {
        this.table = table;
        this.key = key;
    }

    @Override
    public String describe() {
        return "ctid page windows in " + PageWindows.PASSES + " passes"
                + key.map(k -> ", rows named by " + String.join(", ", k.names())).orElse("");
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
        return PageWindows.next(lower, Long.parseLong(upper), (long) rows * PageWindows.PASSES / rowsPerPage(c));
    }

    @Override
    public boolean sizesBatchAfter(Optional<String> lower) {
        return !PageWindows.inWindow(lower);
    }

    /**
     * From the statistics if the table was analysed, else counted in its first {@value #SAMPLED_PAGES} pages (a
     * TID Range Scan): a guess of 100 made the first batches of a table of wide rows the whole table. Read once:
     * the ratio hardly moves while the backfill runs, and the batch sizer corrects the rest.
     */
    private long rowsPerPage(Connection c) throws SQLException {
        if (rowsPerPage == 0) {
            rowsPerPage = Math.max(1, Jdbc.count(c, "SELECT CASE WHEN c.reltuples > 0 AND c.relpages > 0"
                    + " THEN (c.reltuples / c.relpages)::bigint ELSE (SELECT count(*) FROM " + table.sql()
                    + " WHERE ctid < '(" + SAMPLED_PAGES + ",0)') / GREATEST(1, LEAST(" + SAMPLED_PAGES
                    + ", pg_relation_size(c.oid) / current_setting('block_size')::bigint)) END"
                    + " FROM pg_class c WHERE c.oid = ?", table.oid()));
        }
        return rowsPerPage;
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

    /**
     * The window's pages, then the pass's rows: those whose tid hashes to the pass, about an equal share of each
     * page. Every pass tests every row of its window: reading the line pointer through the tid's text instead
     * ({@code (ctid::text::point)[1]}) took a tenth of the batch loop's CPU.
     */
    @Override
    public String rangeCondition(String alias, boolean hasLower) {
        return alias + ".ctid >= CAST(? AS tid) AND " + alias + ".ctid < CAST(? AS tid) AND hashtid(" + alias
                + ".ctid) & " + (PageWindows.PASSES - 1) + " = ?";
    }

    @Override
    public List<Object> rangeParams(Optional<String> lower, String upper) {
        PageWindows.Batch batch = PageWindows.between(lower, upper);
        return List.of("(" + batch.from() + ",0)", "(" + batch.to() + ",0)", batch.pass());
    }

    @Override
    public Optional<String> keyText(String alias) {
        return key.map(k -> new KeySql(k).text(alias));
    }

    @Override
    public String someNullRows(String alias, String column) {
        return alias + ".ctid = ANY (ARRAY(SELECT n.ctid FROM " + table.sql() + " n WHERE n." + column
                + " IS NULL LIMIT ?))";
    }
}
