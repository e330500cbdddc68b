package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.KeyColumn;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.engine.sql.Sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/** Keyset pagination on a unique NOT NULL column (the primary key, usually): index range scans only. */
public class KeyRangeWalker implements RowWalker {
    private final TableInfo table;
    private final String key;
    private final String type;

    public KeyRangeWalker(TableInfo table, KeyColumn key) {
        this.table = table;
        this.key = Sql.ident(key.name());
        this.type = key.type();
    }

    @Override
    public Optional<String> upperBound(Connection c) throws SQLException {
        // ORDER BY ... LIMIT 1 reads one index entry, and works for types without max() such as uuid
        return Jdbc.one(c, "SELECT " + key + "::text FROM " + table.sql() + " ORDER BY " + key + " DESC LIMIT 1",
                rs -> rs.getString(1));
    }

    @Override
    public Optional<String> nextBoundary(Connection c, Optional<String> lower, String upper, int rows)
            throws SQLException {
        if (lower.filter(upper::equals).isPresent()) {
            return Optional.empty();
        }
        List<Object> params = new ArrayList<>(rangeParams(lower, upper));
        params.add(rows - 1);
        Optional<String> boundary = Jdbc.one(c, "SELECT t." + key + "::text FROM " + table.sql() + " t WHERE "
                + rangeCondition("t", lower.isPresent()) + " ORDER BY t." + key + " OFFSET ? LIMIT 1",
                rs -> rs.getString(1), params.toArray());
        return Optional.of(boundary.orElse(upper));
    }

    /**
     * Quantiles of a page sample (TABLESAMPLE SYSTEM reads about 10,000 rows' worth of pages, whatever the table's
     * size), so cutting a large table costs no full index scan; small tables are read whole.
     */
    @Override
    public List<String> splitPoints(Connection c, Optional<String> lower, String upper, int parts)
            throws SQLException {
        if (parts < 2) {
            return List.of();
        }
        double percent = Jdbc.one(c, "SELECT CASE WHEN reltuples > 10000 THEN 1e6 / reltuples ELSE 100 END"
                + " FROM pg_class WHERE oid = ?", rs -> rs.getDouble(1), table.oid()).orElse(100.0);
        List<Object> params = new ArrayList<>(); // in the order of the text: fractions, sample size, range
        for (int i = 1; i < parts; i++) {
            params.add((double) i / parts);
        }
        params.add(percent);
        params.addAll(rangeParams(lower, upper));
        String fractions = String.join(", ", Collections.nCopies(parts - 1, "CAST(? AS float8)"));
        List<String> quantiles = Jdbc.one(c, "SELECT CAST(percentile_disc(ARRAY[" + fractions + "]) WITHIN GROUP"
                + " (ORDER BY t." + key + ") AS text[]) FROM " + table.sql() + " t TABLESAMPLE SYSTEM (CAST(? AS float8))"
                + " WHERE " + rangeCondition("t", lower.isPresent()),
                rs -> rs.getArray(1) == null ? List.<String>of() : List.of((String[]) rs.getArray(1).getArray()),
                params.toArray()).orElse(List.of());
        // equal neighbours (duplicates in a small sample) and the range's own ends cut nothing
        return quantiles.stream().distinct().filter(q -> !q.equals(upper) && !lower.filter(q::equals).isPresent())
                .toList();
    }

    @Override
    public String rangeCondition(String alias, boolean hasLower) {
        String k = alias + "." + key;
        return (hasLower ? k + " > CAST(? AS " + type + ") AND " : "") + k + " <= CAST(? AS " + type + ")";
    }

    @Override
    public List<Object> rangeParams(Optional<String> lower, String upper) {
        List<Object> params = new ArrayList<>();
        lower.ifPresent(params::add);
        params.add(upper);
        return params;
    }

    @Override
    public Optional<String> keyText(String alias) {
        return Optional.of(alias + "." + key + "::text");
    }

    @Override
    public String someNullRows(String alias, String column) {
        return alias + "." + key + " IN (SELECT n." + key + " FROM " + table.sql() + " n WHERE n." + column
                + " IS NULL LIMIT ?)";
    }
}
