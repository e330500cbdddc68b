package dev.ownership.engine.backfill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.engine.catalog.RowKey;
import dev.ownership.engine.sql.Sql;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/**
 * SQL for a row key: its columns as the key's index compares them (the index's collation), a row's key as one
 * text (the column's text for one column, as before composite keys; a JSON array of the columns' texts for
 * several), and that text back as values. Texts fit the ledger's text columns whatever the key's types.
 */
public final class KeySql {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RowKey key;

    public KeySql(RowKey key) {
        this.key = key;
    }

    /** The key of the row {@code alias}: one column, or a row of them, comparable with {@link #values}. */
    public String row(String alias) {
        List<String> columns = key.columns().stream().map(c -> column(alias, c)).toList();
        return key.composite() ? "(" + String.join(", ", columns) + ")" : columns.get(0);
    }

    /** The key's columns of the row {@code alias}, as a select list. */
    public String columns(String alias) {
        return String.join(", ", key.columns().stream().map(c -> alias + "." + Sql.ident(c.name())).toList());
    }

    /** ORDER BY items in index order, or its reverse. */
    public String order(String alias, boolean descending) {
        return String.join(", ", key.columns().stream().map(c -> column(alias, c) + (descending ? " DESC" : ""))
                .toList());
    }

    /** One value of each column, as bind parameters cast to the column's type. */
    public String values() {
        return valuesOf(i -> "?");
    }

    /** The key recorded as text by {@link #text}, read back from the SQL text expression {@code text}. */
    public String valuesFrom(String text) {
        return key.composite() ? valuesOf(i -> "CAST(" + text + " AS json) ->> " + i) : valuesOf(i -> text);
    }

    /** The row's key as one text. */
    public String text(String alias) {
        List<String> texts = key.columns().stream().map(c -> alias + "." + Sql.ident(c.name()) + "::text").toList();
        return key.composite() ? "json_build_array(" + String.join(", ", texts) + ")::text" : texts.get(0);
    }

    /** The bind parameters of {@link #values} for a key as {@link #text} wrote it. */
    public List<Object> parameters(String text) {
        if (!key.composite()) {
            return List.of(text);
        }
        try {
            List<Object> values = new ArrayList<>(List.of(JSON.readValue(text, String[].class)));
            if (values.size() != key.columns().size()) {
                throw new IllegalStateException("a position of " + values.size() + " values for a key of "
                        + key.columns().size() + " columns: " + key.names());
            }
            return values;
        } catch (JsonProcessingException e) {
            // no detail: it would quote the key's values, which are the application's data
            throw new IllegalStateException("a recorded position is not one of the key " + key.names(), e);
        }
    }

    private String valuesOf(IntFunction<String> text) {
        List<String> casts = IntStream.range(0, key.columns().size())
                .mapToObj(i -> "CAST(" + text.apply(i) + " AS " + key.columns().get(i).type() + ")").toList();
        return key.composite() ? "(" + String.join(", ", casts) + ")" : casts.get(0);
    }

    private static String column(String alias, RowKey.Column c) {
        return alias + "." + Sql.ident(c.name()) + c.collation().map(co -> " COLLATE " + co).orElse("");
    }
}
