package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.Catalog;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import dev.ownership.engine.model.TableName;
import dev.ownership.engine.sql.Jdbc;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The walker's ranges on a real table: they meet end to end and hold every row once, in the key's order. */
@Tag("db")
class KeyRangeWalkerTest {

    /** Analysed or not: without statistics the walker takes its finest chunks (100 rows) whatever the size. */
    static TestDatabase orders(int rows, boolean analyze) {
        TestDatabase db = PostgresServer.newDatabase();
        db.sql("""
                CREATE TABLE orders (region text COLLATE "C" NOT NULL, placed timestamptz NOT NULL, amount numeric NOT NULL,
                                     note text, PRIMARY KEY (region, placed, amount));
                CREATE UNIQUE INDEX orders_note ON orders (note);
                INSERT INTO orders SELECT (ARRAY['b', 'B', 'a', 'A'])[g %% 4 + 1], timestamptz '2024-01-01' + (g %% 13) * interval '1 hour',
                       g / 100.0, 'n' || g FROM generate_series(1, %d) g;
                """.formatted(rows) + (analyze ? "ANALYZE orders;" : ""));
        return db;
    }

    static RowKey key(Connection c, TableInfo table) throws SQLException {
        List<RowKey> keys = new Catalog(c).rowKeys(table.oid());
        assertThat(keys).as("the nullable unique column is no key to walk").hasSize(1);
        return keys.get(0);
    }

    static long rowsIn(Connection c, KeyRangeWalker walker, TableInfo table, Optional<String> lower, String upper)
            throws SQLException {
        return Jdbc.count(c, "SELECT count(*) FROM " + table.sql() + " t WHERE " + walker.rangeCondition("t",
                lower.isPresent()), walker.rangeParams(lower, upper).toArray());
    }

    @Test
    void rangesReadInWindowsMeetEndToEndAndHoldEveryRowOnce() throws SQLException {
        TestDatabase db = orders(2000, false);
        try (Connection c = db.connect()) {
            TableInfo table = new Catalog(c).table(TableName.parse("orders")).orElseThrow();
            RowKey key = key(c, table);
            assertThat(key.names()).containsExactly("region", "placed", "amount");
            KeyRangeWalker walker = new KeyRangeWalker(table, key, 7); // windows of 7 chunk ends: read again and again
            String upper = walker.upperBound(c).orElseThrow();
            assertThat(upper).startsWith("[\"b\", ");

            Optional<String> lower = Optional.empty();
            long rows = 0;
            int batches = 0;
            for (Optional<String> end; (end = walker.nextBoundary(c, lower, upper, 250)).isPresent(); lower = end) {
                long inRange = rowsIn(c, walker, table, lower, end.get());
                assertThat(inRange).as("batch " + batches).isBetween(1L, 300L);
                rows += inRange;
                batches++;
            }

            assertThat(rows).isEqualTo(2000);
            assertThat(batches).isBetween(8, 10);
            assertThat(lower).contains(upper);
        }
    }

    @Test
    void splitPointsCutARangeInAscendingPartsStrictlyInside() throws SQLException {
        TestDatabase db = orders(20_000, true);
        try (Connection c = db.connect()) {
            TableInfo table = new Catalog(c).table(TableName.parse("orders")).orElseThrow();
            KeyRangeWalker walker = new KeyRangeWalker(table, key(c, table));
            String upper = walker.upperBound(c).orElseThrow();

            List<String> points = walker.splitPoints(c, Optional.empty(), upper, 4);

            assertThat(points).hasSize(3).doesNotContain(upper);
            List<Long> parts = new ArrayList<>();
            Optional<String> lower = Optional.empty();
            for (String end : new ArrayList<>(List.of(points.get(0), points.get(1), points.get(2), upper))) {
                parts.add(rowsIn(c, walker, table, lower, end));
                lower = Optional.of(end);
            }
            assertThat(parts.stream().mapToLong(Long::longValue).sum()).isEqualTo(20_000);
            assertThat(parts).allSatisfy(p -> assertThat(p).as("a quarter, give or take the sample").isBetween(3000L, 7000L));
            assertThat(walker.splitPoints(c, Optional.empty(), upper, 1)).isEmpty();
        }
    }
}
