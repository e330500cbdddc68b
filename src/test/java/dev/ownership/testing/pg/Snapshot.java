package dev.ownership.testing.pg;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything a migration could change, as text: schemas, columns, constraints, indexes, triggers,
 * functions, and a digest of every table's rows. Two equal snapshots mean an unchanged database.
 */
public final class Snapshot {
    private static final String USER_SCHEMAS = "NOT IN ('pg_catalog', 'information_schema', 'pg_toast')";

    private Snapshot() {
    }

    /** @param excludeSchema a schema left out (the ledger, which keeps history by design), or null */
    public static String of(TestDatabase db, String excludeSchema) {
        String schemas = USER_SCHEMAS.replace(")", excludeSchema == null ? ")" : ", '" + excludeSchema + "')");
        List<String> parts = new ArrayList<>();
        parts.add(text(db, "SELECT nspname FROM pg_namespace WHERE nspname " + schemas
                + " AND nspname NOT LIKE 'pg_temp%' AND nspname NOT LIKE 'pg_toast%' ORDER BY 1"));
        parts.add(text(db, "SELECT table_schema, table_name, column_name, data_type, is_nullable, column_default"
                + " FROM information_schema.columns WHERE table_schema " + schemas + " ORDER BY 1, 2, 3"));
        parts.add(text(db, "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.convalidated"
                + " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname " + schemas
                + " ORDER BY 1, 2"));
        parts.add(text(db, "SELECT schemaname, indexname, indexdef FROM pg_indexes WHERE schemaname " + schemas
                + " ORDER BY 1, 2"));
        parts.add(text(db, "SELECT tgrelid::regclass::text, tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1, 2"));
        parts.add(text(db, "SELECT n.nspname, p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace"
                + " WHERE n.nspname " + schemas + " ORDER BY 1, 2"));
        for (List<String> table : db.rows("SELECT quote_ident(table_schema) || '.' || quote_ident(table_name)"
                + " FROM information_schema.tables WHERE table_type = 'BASE TABLE' AND table_schema " + schemas
                + " ORDER BY 1")) {
            parts.add(table.get(0) + " " + db.value("SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY t::text),"
                    + " '')) FROM " + table.get(0) + " t"));
        }
        return String.join("\n", parts);
    }

    private static String text(TestDatabase db, String sql) {
        return db.rows(sql).toString();
    }
}
