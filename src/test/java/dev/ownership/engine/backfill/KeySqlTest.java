package dev.ownership.engine.backfill;

import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.catalog.TableInfo;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The SQL of a key walk is a function of the key: one column as before, several as a row in the index's collation. */
class KeySqlTest {
    static final TableInfo EVENTS = new TableInfo(1, "app", "events", 'r');
    static final RowKey SINGLE = new RowKey("events_pkey", true,
            List.of(new RowKey.Column("id", "bigint", Optional.empty())));
    static final RowKey COMPOSITE = new RowKey("events_pkey", true, List.of(
            new RowKey.Column("tenant", "uuid", Optional.empty()),
            new RowKey.Column("Na\"me", "text", Optional.of("\"pg_catalog\".\"C\"")),
            new RowKey.Column("at", "timestamp with time zone", Optional.empty())));

    @Test
    void aSingleColumnKeyKeepsItsSqlAndPlainTextPositions() {
        KeyRangeWalker walker = new KeyRangeWalker(EVENTS, SINGLE);
        assertThat(walker.rangeCondition("t", true))
                .isEqualTo("t.\"id\" > CAST(? AS bigint) AND t.\"id\" <= CAST(? AS bigint)");
        assertThat(walker.rangeCondition("t", false)).isEqualTo("t.\"id\" <= CAST(? AS bigint)");
        assertThat(walker.rangeParams(Optional.of("7"), "9")).containsExactly("7", "9");
        assertThat(walker.keyText("t")).contains("t.\"id\"::text");
        assertThat(walker.someNullRows("t", "\"owner\"")).isEqualTo("t.\"id\" IN (SELECT n.\"id\" FROM \"app\".\"events\" n"
                + " WHERE n.\"owner\" IS NULL LIMIT ?)");
    }

    @Test
    void aCompositeKeyIsComparedAsARowInItsIndexsCollation() {
        KeyRangeWalker walker = new KeyRangeWalker(EVENTS, COMPOSITE);
        String row = "(t.\"tenant\", t.\"Na\"\"me\" COLLATE \"pg_catalog\".\"C\", t.\"at\")";
        String values = "(CAST(? AS uuid), CAST(? AS text), CAST(? AS timestamp with time zone))";
        assertThat(walker.rangeCondition("t", true)).isEqualTo(row + " > " + values + " AND " + row + " <= " + values);
        assertThat(walker.keyText("t"))
                .contains("json_build_array(t.\"tenant\"::text, t.\"Na\"\"me\"::text, t.\"at\"::text)::text");
        assertThat(walker.someNullRows("t", "\"owner\"")).isEqualTo(row + " IN (SELECT n.\"tenant\", n.\"Na\"\"me\","
                + " n.\"at\" FROM \"app\".\"events\" n WHERE n.\"owner\" IS NULL LIMIT ?)");
    }

    @Test
    void compositePositionsAreJsonArraysReadBackAsOneParameterPerColumn() {
        KeyRangeWalker walker = new KeyRangeWalker(EVENTS, COMPOSITE);
        String lower = "[\"0e0b\", \"a \\\"quoted\\\", name\", \"2024-01-01 00:00:00+00\"]";
        assertThat(walker.rangeParams(Optional.of(lower), "[\"f\", \"z\", \"2025-01-01 00:00:00+00\"]")).containsExactly(
                "0e0b", "a \"quoted\", name", "2024-01-01 00:00:00+00", "f", "z", "2025-01-01 00:00:00+00");
        assertThat(new KeySql(COMPOSITE).valuesFrom("b.key")).isEqualTo("(CAST(CAST(b.key AS json) ->> 0 AS uuid),"
                + " CAST(CAST(b.key AS json) ->> 1 AS text), CAST(CAST(b.key AS json) ->> 2 AS timestamp with time zone))");
        assertThatThrownBy(() -> walker.rangeParams(Optional.empty(), "[\"f\", \"z\"]"))
                .hasMessage("a position of 2 values for a key of 3 columns: [tenant, Na\"me, at]");
        assertThatThrownBy(() -> walker.rangeParams(Optional.empty(), "secret-value"))
                .hasMessage("a recorded position is not one of the key [tenant, Na\"me, at]");
    }
}
