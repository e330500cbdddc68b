package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Where the engine's batched backfill spends its time compared with the naive single UPDATE: the same rows
 * filled with the default owner, on fresh copies of the benchmark table, without an application, adding one
 * ingredient of the engine's batch at a time (keyset batches on the uuid key, the fill trigger, the ledger's
 * record of filled keys), then candidate fixes, with the CPU, HOT share and WAL of each. Diagnosis only: {@code ./mvnw -Pbench test-compile exec:exec
 * -Dbench.main=dev.ownership.bench.BackfillCosts -Dbench.rows=1000000}; prints a table.
 */
public final class BackfillCosts {
    private static final int BATCH = 10_000;
    private static final int CHUNK = 100;

    private BackfillCosts() {
    }

    /**
     * How the fill trigger is called (INSERT_ONLY: a trigger for INSERT alone, WHEN NULL: any BEFORE UPDATE row
     * trigger makes PostgreSQL lock each row before updating it), how filled keys are recorded, whether the batch
     * end is found apart.
     */
    enum Trigger { NONE, EVERY_ROW, WHEN_NULL, INSERT_ONLY }

    /**
     * How filled keys are recorded. The last four go with page windows: the engine's record (a text[] of keys and
     * one of owners per batch), keys alone, those arrays stored uncompressed, and arrays of the columns' own type.
     */
    enum Keys { NONE, ROW_PER_KEY, ROW_PER_KEY_WITH_FK, ARRAY_PER_BATCH, KEYS_AND_OWNERS, KEYS_ONLY, UNCOMPRESSED, NATIVE }

    /**
     * Where a batch's end comes from: a query of its own before the UPDATE (OFFSET n-1 on the key), the UPDATE
     * joined to a LIMIT subquery, or one statement whose CTE reads the next n keys once and returns the last
     * with the update count: the UPDATE then walks the key range again, or fetches the rows by the ctids read;
     * or every 100th key read in one ordered pass before the first batch (an index-only scan while the visibility
     * map is intact), as KeyRangeWalker does; or ranges of heap pages (ctid), as CtidRangeWalker does; or
     * PAGE_PASSES: windows of heap pages, each walked in PASSES batches, batch j taking the rows whose line
     * pointer number is j modulo PASSES. A window's pages are rewritten one slice at a time, so the space a
     * committed slice's old versions leave (pruned when the next pass reads the page) takes the next slice's new
     * versions on the same page (HOT: no index entries), and each page is written within seconds, so a
     * checkpoint costs it at most one full-page image; key order writes every page again and again. PAGE_HASHES:
     * the same windows, batch j taking the rows whose tid hashes to j modulo PASSES ({@code hashtid}, as the
     * engine does: reading the line pointer through the tid's text cost each pass a text round trip per row).
     */
    enum Boundary { QUERY, UPDATE_FROM, CTE_RANGE, CTE_TIDS, PRESCANNED, PAGES, PAGE_PASSES, PAGE_HASHES }

    private static final int PASSES = 8;

    /**
     * indexes: false drops the videos table's indexes (its primary key among them) before the backfill; unheld:
     * a batch (keyset or page window) updates only the rows of its range that no one holds, as the engine's do
     * (their ctids, selected FOR NO KEY UPDATE SKIP LOCKED).
     */
    private record Variant(String name, boolean batched, Trigger trigger, Keys keys, Boundary boundary,
                           boolean indexes, boolean unheld) {
        Variant(String name, boolean batched, Trigger trigger, Keys keys, Boundary boundary) {
            this(name, batched, trigger, keys, boundary, true, false);
        }

        Variant(String name, boolean batched, Trigger trigger, Keys keys, Boundary boundary, boolean indexes) {
            this(name, batched, trigger, keys, boundary, indexes, false);
        }
    }

    private static Variant rec(String name, Keys keys) {
        return new Variant("page windows, trigger, SKIP LOCKED, " + name, true, Trigger.WHEN_NULL, keys,
                Boundary.PAGE_PASSES, true, true);
    }

    public static void main(String[] args) throws SQLException {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        Workload workload = Workload.load(rows, Benchmark::say);
        String owner = "'" + workload.defaultOwner + "'::uuid";
        List<Variant> all = List.of(
                new Variant("naive: one UPDATE", false, Trigger.NONE, Keys.NONE, Boundary.QUERY),
                new Variant("keyset batches of " + BATCH + " on the uuid key, as the engine", true, Trigger.NONE,
                        Keys.NONE, Boundary.QUERY),
                new Variant("+ fill trigger (PL/pgSQL called for every row)", true,
                        Trigger.EVERY_ROW, Keys.NONE, Boundary.QUERY),
                new Variant("+ fill trigger + one filled_key row per key: engine, existing column", true,
                        Trigger.EVERY_ROW, Keys.ROW_PER_KEY, Boundary.QUERY),
                new Variant("+ fill trigger + one filled_key row per key, with the ledger's foreign key", true,
                        Trigger.EVERY_ROW, Keys.ROW_PER_KEY_WITH_FK, Boundary.QUERY),
                new Variant("fix 1: trigger WHEN (NEW.col IS NULL)", true, Trigger.WHEN_NULL, Keys.ROW_PER_KEY,
                        Boundary.QUERY),
                new Variant("fix 1+2: + one filled_key row (text[]) per batch", true, Trigger.WHEN_NULL,
                        Keys.ARRAY_PER_BATCH, Boundary.QUERY),
                new Variant("fix 1+2+3: + batch end found by the UPDATE itself (UPDATE ... FROM a LIMIT subquery)",
                        true, Trigger.WHEN_NULL, Keys.ARRAY_PER_BATCH, Boundary.UPDATE_FROM),
                new Variant("engine, new column: trigger WHEN NULL, boundary query, then the range UPDATE", true,
                        Trigger.WHEN_NULL, Keys.NONE, Boundary.QUERY),
                new Variant("engine, new column, one statement: CTE finds the boundary, UPDATE walks the range",
                        true, Trigger.WHEN_NULL, Keys.NONE, Boundary.CTE_RANGE),
                new Variant("engine, new column, one statement: CTE reads n keys and ctids, UPDATE by ctid",
                        true, Trigger.WHEN_NULL, Keys.NONE, Boundary.CTE_TIDS),
                new Variant("engine, new column, batch ends from one index-only pass before the first batch", true,
                        Trigger.WHEN_NULL, Keys.NONE, Boundary.PRESCANNED),
                new Variant("engine, existing column: one filled_key row per key, boundary query", true,
                        Trigger.WHEN_NULL, Keys.ROW_PER_KEY, Boundary.QUERY),
                new Variant("engine, existing column, one statement: CTE reads n keys and ctids, UPDATE by ctid",
                        true, Trigger.WHEN_NULL, Keys.ROW_PER_KEY, Boundary.CTE_TIDS),
                new Variant("engine, existing column, batch ends from one index-only pass before the first batch",
                        true, Trigger.WHEN_NULL, Keys.ROW_PER_KEY, Boundary.PRESCANNED),
                new Variant("naive: one UPDATE, videos without its indexes", false, Trigger.NONE, Keys.NONE,
                        Boundary.QUERY, false),
                new Variant("page batches of about " + BATCH + " rows (ctid ranges)", true, Trigger.NONE, Keys.NONE,
                        Boundary.PAGES),
                new Variant("page batches, videos without its indexes", true, Trigger.NONE, Keys.NONE,
                        Boundary.PAGES, false),
                new Variant("engine on 14+, new column: page batches + fill trigger WHEN (NEW.col IS NULL)", true,
                        Trigger.WHEN_NULL, Keys.NONE, Boundary.PAGES),
                new Variant("page batches + fill trigger on INSERT only", true, Trigger.INSERT_ONLY, Keys.NONE,
                        Boundary.PAGES),
                new Variant("keyset batches, ends from one index-only pass, no trigger", true, Trigger.NONE,
                        Keys.NONE, Boundary.PRESCANNED),
                new Variant("engine today, new column: ends from one pass, trigger WHEN NULL, rows taken SKIP LOCKED",
                        true, Trigger.WHEN_NULL, Keys.NONE, Boundary.PRESCANNED, true, true),
                new Variant("page windows in " + PASSES + " passes by line pointer, batches of about " + BATCH
                        + " rows", true, Trigger.NONE, Keys.NONE, Boundary.PAGE_PASSES),
                new Variant("page windows in " + PASSES + " passes + fill trigger WHEN (NEW.col IS NULL)", true,
                        Trigger.WHEN_NULL, Keys.NONE, Boundary.PAGE_PASSES),
                new Variant("engine on 14+, new column: page windows in " + PASSES + " passes, trigger WHEN NULL,"
                        + " rows taken SKIP LOCKED", true, Trigger.WHEN_NULL, Keys.NONE, Boundary.PAGE_PASSES, true,
                        true),
                rec("keys and owners as text[] per batch (engine, existing column)", Keys.KEYS_AND_OWNERS),
                rec("keys alone as text[] per batch", Keys.KEYS_ONLY),
                rec("keys and owners as text[], stored uncompressed", Keys.UNCOMPRESSED),
                rec("keys as uuid[], owners as uuid[]", Keys.NATIVE),
                new Variant("page windows in " + PASSES + " passes by tid hash + fill trigger WHEN (NEW.col IS NULL)",
                        true, Trigger.WHEN_NULL, Keys.NONE, Boundary.PAGE_HASHES),
                new Variant("engine on 14+, new column: page windows in " + PASSES + " passes by tid hash, trigger"
                        + " WHEN NULL, rows taken SKIP LOCKED", true, Trigger.WHEN_NULL, Keys.NONE,
                        Boundary.PAGE_HASHES, true, true));
        List<Variant> variants = all;
        // BENCH_COSTS_VARIANTS=6,7,8: only these (numbers from 0, in the order above)
        String only = System.getenv().getOrDefault("BENCH_COSTS_VARIANTS", "");
        if (!only.isBlank()) {
            variants = Arrays.stream(only.split(",")).map(i -> all.get(Integer.parseInt(i.trim()))).toList();
        }
        List<String> lines = new ArrayList<>();
        int rounds = Integer.getInteger("bench.repeat", 2);
        for (int round = 1; round <= rounds; round++) {
            for (Variant v : variants) {
                lines.add(round + " | " + measure(workload, v, owner));
                Benchmark.say(lines.get(lines.size() - 1));
            }
        }
        System.out.println("\nround | variant | total | of which boundary queries | rows | rows/s"
                + " | CPU of the migration's session | of the updates, HOT | WAL");
        lines.forEach(System.out::println);
        System.exit(0);
    }

    private static String measure(Workload workload, Variant v, String owner) throws SQLException {
        TestDatabase db = workload.copy("costs");
        try {
            db.sql("ALTER TABLE videos ADD COLUMN user_id uuid");
            if (v.trigger() != Trigger.NONE) {
                db.sql("CREATE FUNCTION fill() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF NEW.user_id IS NULL"
                        + " THEN NEW.user_id := " + owner + "; END IF; RETURN NEW; END $$;"
                        + " CREATE TRIGGER fill BEFORE INSERT" + (v.trigger() == Trigger.INSERT_ONLY ? "" : " OR UPDATE")
                        + " ON videos FOR EACH ROW"
                        + (v.trigger() == Trigger.WHEN_NULL ? " WHEN (NEW.user_id IS NULL)" : "")
                        + " EXECUTE FUNCTION fill()");
            }
            db.sql("CREATE TABLE filled_key (target_id bigint NOT NULL, key text NOT NULL);"
                    + " CREATE INDEX ON filled_key (target_id);"
                    + (v.keys() == Keys.ROW_PER_KEY_WITH_FK ? " CREATE TABLE target (id bigint PRIMARY KEY);"
                    + " INSERT INTO target VALUES (1); ALTER TABLE filled_key ADD FOREIGN KEY (target_id)"
                    + " REFERENCES target (id) ON DELETE CASCADE;" : "")
                    + " CREATE TABLE filled_keys (target_id bigint NOT NULL, keys text[] NOT NULL);"
                    + " CREATE INDEX ON filled_keys (target_id);"
                    + " CREATE TABLE filled_batch (target_id bigint NOT NULL, keys text[] NOT NULL, owners text[]);"
                    + " CREATE INDEX ON filled_batch (target_id);"
                    + " CREATE TABLE filled_native (target_id bigint NOT NULL, keys uuid[] NOT NULL, owners uuid[]);"
                    + " CREATE INDEX ON filled_native (target_id);"
                    + (v.keys() == Keys.UNCOMPRESSED ? " ALTER TABLE filled_batch ALTER keys SET STORAGE EXTERNAL,"
                    + " ALTER owners SET STORAGE EXTERNAL;" : ""));
            if (!v.indexes()) {
                db.sql("DO $$ DECLARE s text; BEGIN"
                        + " FOR s IN SELECT 'ALTER TABLE videos DROP CONSTRAINT ' || quote_ident(conname) FROM pg_constraint"
                        + " WHERE conrelid = 'videos'::regclass AND contype IN ('p', 'u') LOOP EXECUTE s; END LOOP;"
                        + " FOR s IN SELECT 'DROP INDEX ' || indexrelid::regclass FROM pg_index"
                        + " WHERE indrelid = 'videos'::regclass LOOP EXECUTE s; END LOOP; END $$");
            }
            db.sql("CHECKPOINT");
            long boundaryNanos = 0;
            long done = 0;
            long started = System.nanoTime();
            String zero = "00000000-0000-0000-0000-000000000000";
            try (Connection c = db.connect()) {
                long pid = Long.parseLong(one(c, "SELECT pg_backend_pid()", null));
                String wal0 = one(c, "SELECT pg_current_wal_lsn()::text", null);
                double cpu0 = ProcStat.of(pid).map(ProcStat::cpuSeconds).orElse(Double.NaN);
                if (!v.batched()) {
                    done = c.createStatement().executeUpdate("UPDATE videos SET user_id = " + owner
                            + " WHERE user_id IS NULL");
                } else if (v.boundary() == Boundary.PAGES || v.boundary() == Boundary.PAGE_PASSES
                        || v.boundary() == Boundary.PAGE_HASHES) {
                    done = pageBatches(c, owner, v.boundary(), v.unheld(), v.keys());
                } else if (v.boundary() == Boundary.CTE_RANGE || v.boundary() == Boundary.CTE_TIDS) {
                    done = oneStatementBatches(c, v, owner);
                } else if (v.boundary() == Boundary.UPDATE_FROM) {
                    String sql = "WITH b AS (SELECT id FROM videos WHERE id > CAST(? AS uuid) ORDER BY id LIMIT " + BATCH
                            + "), u AS (UPDATE videos AS t SET user_id = " + owner + " FROM b WHERE t.id = b.id"
                            + " AND t.user_id IS NULL RETURNING t.id), k AS (INSERT INTO filled_keys (target_id, keys)"
                            + " SELECT 1, array_agg(id::text) FROM u HAVING count(*) > 0 RETURNING cardinality(keys))"
                            + " SELECT (SELECT id::text FROM b ORDER BY id DESC LIMIT 1), (SELECT coalesce(sum(cardinality), 0) FROM k)";
                    String lower = zero;
                    while (lower != null) {
                        c.setAutoCommit(false);
                        try (PreparedStatement ps = c.prepareStatement(sql)) {
                            ps.setString(1, lower);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                lower = rs.getString(1);
                                done += rs.getLong(2);
                            }
                        }
                        c.commit();
                        c.setAutoCommit(true);
                    }
                } else {
                    String upper = one(c, "SELECT id::text FROM videos ORDER BY id DESC LIMIT 1", null);
                    String lower = null;
                    String range = "t.id > CAST(? AS uuid) AND t.id <= CAST(? AS uuid)";
                    String update = "UPDATE videos AS t SET user_id = " + owner + " WHERE " + (v.unheld()
                            ? "t.ctid = ANY (ARRAY(SELECT t.ctid FROM videos AS t WHERE " + range
                            + " AND t.user_id IS NULL FOR NO KEY UPDATE SKIP LOCKED))" : range)
                            + " AND t.user_id IS NULL";
                    if (v.keys() == Keys.ROW_PER_KEY || v.keys() == Keys.ROW_PER_KEY_WITH_FK) {
                        update = "WITH filled AS (" + update + " RETURNING t.id::text AS key)"
                                + " INSERT INTO filled_key (target_id, key) SELECT 1, key FROM filled";
                    } else if (v.keys() == Keys.ARRAY_PER_BATCH) {
                        update = "WITH filled AS (" + update + " RETURNING t.id::text AS key)"
                                + " INSERT INTO filled_keys (target_id, keys) SELECT 1, array_agg(key) FROM filled"
                                + " HAVING count(*) > 0";
                    }
                    List<String> ends = new ArrayList<>();
                    if (v.boundary() == Boundary.PRESCANNED) {
                        long b0 = System.nanoTime();
                        try (PreparedStatement ps = c.prepareStatement("SELECT s.id::text FROM (SELECT t.id,"
                                + " row_number() OVER (ORDER BY t.id) AS n FROM videos t WHERE t.id <= CAST(? AS uuid))"
                                + " s WHERE s.n % " + CHUNK + " = 0")) {
                            ps.setString(1, upper);
                            try (ResultSet rs = ps.executeQuery()) {
                                while (rs.next()) {
                                    ends.add(rs.getString(1));
                                }
                            }
                        }
                        boundaryNanos += System.nanoTime() - b0;
                    }
                    for (int batch = 1; lower == null || !lower.equals(upper); batch++) {
                        long b0 = System.nanoTime();
                        int end = batch * (BATCH / CHUNK) - 1;
                        String boundary = v.boundary() == Boundary.PRESCANNED ? (end < ends.size() ? ends.get(end) : null)
                                : one(c, "SELECT t.id::text FROM videos t WHERE t.id > CAST(? AS uuid)"
                                + " AND t.id <= CAST(? AS uuid) ORDER BY t.id OFFSET " + (BATCH - 1) + " LIMIT 1",
                                new String[]{lower == null ? zero : lower, upper});
                        boundaryNanos += System.nanoTime() - b0;
                        boundary = boundary == null ? upper : boundary;
                        c.setAutoCommit(false);
                        try (PreparedStatement ps = c.prepareStatement(update)) {
                            ps.setString(1, lower == null ? zero : lower);
                            ps.setString(2, boundary);
                            int n = ps.executeUpdate();
                            done += v.keys() == Keys.ARRAY_PER_BATCH ? 0 : n;
                        }
                        c.commit();
                        c.setAutoCommit(true);
                        lower = boundary;
                    }
                    if (v.keys() == Keys.ARRAY_PER_BATCH) {
                        done = Long.parseLong(one(c, "SELECT sum(cardinality(keys)) FROM filled_keys", null));
                    }
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                double cpu = ProcStat.of(pid).map(ProcStat::cpuSeconds).orElse(Double.NaN) - cpu0;
                String wal = one(c, "SELECT pg_size_pretty(pg_current_wal_lsn() - CAST(? AS pg_lsn))",
                        new String[]{wal0});
                return String.format(Locale.ROOT, "%s | %.1f s | %.1f s | %,d | %,.0f | %.1f s | %s | %s", v.name(),
                        seconds, boundaryNanos / 1e9, done, done / seconds, cpu, hotShare(c), wal);
            }
        } finally {
            workload.drop(db);
        }
    }

    /**
     * Batches of about BATCH rows over windows of heap pages, up to the table's size when the backfill starts: each
     * window in one batch (PAGES) or in PASSES batches, the j-th taking the rows whose line pointer number
     * (PAGE_PASSES) or tid hash (PAGE_HASHES) is j modulo PASSES.
     */
    private static long pageBatches(Connection c, String owner, Boundary boundary, boolean unheld, Keys keys)
            throws SQLException {
        int passes = boundary == Boundary.PAGES ? 1 : PASSES;
        long pages = Long.parseLong(one(c, "SELECT pg_relation_size('videos') / current_setting('block_size')::int",
                null));
        long window = Math.max(1, (long) BATCH * passes / Long.parseLong(one(c, "SELECT greatest(1, (reltuples"
                + " / relpages)::bigint) FROM pg_class WHERE oid = 'videos'::regclass", null)));
        String range = "t.ctid >= CAST(? AS tid) AND t.ctid < CAST(? AS tid) AND t.user_id IS NULL"
                + (boundary == Boundary.PAGE_PASSES ? " AND (t.ctid::text::point)[1]::int % " + passes + " = ?"
                : boundary == Boundary.PAGE_HASHES ? " AND hashtid(t.ctid) & " + (passes - 1) + " = ?" : "");
        String update = "UPDATE videos AS t SET user_id = " + owner + " WHERE " + (unheld
                ? "t.ctid = ANY (ARRAY(SELECT t.ctid FROM videos AS t WHERE " + range
                + " FOR NO KEY UPDATE SKIP LOCKED)) AND t.user_id IS NULL" : range);
        if (keys != Keys.NONE) {
            boolean nativeTypes = keys == Keys.NATIVE;
            String type = nativeTypes ? "" : "::text";
            update = "WITH filled AS (" + update + " RETURNING t.id" + type + " AS key, t.user_id" + type
                    + " AS value) INSERT INTO " + (nativeTypes ? "filled_native" : "filled_batch")
                    + " (target_id, keys, owners) SELECT 1, array_agg(key), "
                    + (keys == Keys.KEYS_ONLY ? "NULL" : "array_agg(value)") + " FROM (SELECT key, value,"
                    + " (row_number() OVER () - 1) / " + BATCH + " AS chunk FROM filled) f GROUP BY chunk";
        }
        long done = 0;
        for (long from = 0; from < pages; from += window) {
            for (int pass = 0; pass < passes; pass++) {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(update)) {
                    ps.setString(1, "(" + from + ",0)");
                    ps.setString(2, "(" + Math.min(pages, from + window) + ",0)");
                    if (passes > 1) {
                        ps.setInt(3, pass);
                    }
                    done += ps.executeUpdate();
                }
                c.commit();
                c.setAutoCommit(true);
            }
        }
        if (keys != Keys.NONE) {
            done = Long.parseLong(one(c, "SELECT (SELECT coalesce(sum(cardinality(keys)), 0) FROM filled_batch)"
                    + " + (SELECT coalesce(sum(cardinality(keys)), 0) FROM filled_native)", null));
        }
        return done;
    }

    /**
     * Batches of one statement each: a MATERIALIZED CTE reads the next BATCH keys of the range (and their ctids),
     * the UPDATE fills them, and the statement returns the last key read with the number of rows filled.
     */
    private static long oneStatementBatches(Connection c, Variant v, String owner) throws SQLException {
        String upper = one(c, "SELECT id::text FROM videos ORDER BY id DESC LIMIT 1", null);
        String where = v.boundary() == Boundary.CTE_TIDS ? "t.ctid = ANY (ARRAY(SELECT ctid FROM k))"
                : "t.id > CAST(? AS uuid) AND t.id <= (SELECT id FROM k ORDER BY id DESC LIMIT 1)";
        String update = "UPDATE videos AS t SET user_id = " + owner + " WHERE " + where + " AND t.user_id IS NULL"
                + " RETURNING t.id::text AS key";
        String fill = v.keys() == Keys.ROW_PER_KEY
                ? ", f AS (" + update + "), i AS (INSERT INTO filled_key (target_id, key) SELECT 1, key FROM f"
                + " RETURNING 1) SELECT (SELECT id::text FROM k ORDER BY id DESC LIMIT 1), (SELECT count(*) FROM k),"
                + " (SELECT count(*) FROM i)"
                : ", f AS (" + update + ") SELECT (SELECT id::text FROM k ORDER BY id DESC LIMIT 1),"
                + " (SELECT count(*) FROM k), (SELECT count(*) FROM f)";
        String sql = "WITH k AS MATERIALIZED (SELECT t.id, t.ctid FROM videos t WHERE t.id > CAST(? AS uuid)"
                + " AND t.id <= CAST(? AS uuid) ORDER BY t.id LIMIT " + BATCH + ")" + fill;
        String lower = "00000000-0000-0000-0000-000000000000";
        long done = 0;
        long read = BATCH;
        while (read == BATCH) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, lower);
                ps.setString(2, upper);
                if (v.boundary() == Boundary.CTE_RANGE) {
                    ps.setString(3, lower);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    lower = rs.getString(1);
                    read = rs.getLong(2);
                    done += rs.getLong(3);
                }
            }
            c.commit();
            c.setAutoCommit(true);
        }
        return done;
    }

    /** The share of the table's updates that were HOT (no new index entries), once the session's counts are in. */
    private static String hotShare(Connection c) throws SQLException {
        if (Integer.parseInt(one(c, "SHOW server_version_num", null)) >= 150000) {
            one(c, "SELECT pg_stat_force_next_flush()", null);
        }
        String[] counts = one(c, "SELECT n_tup_hot_upd || ' ' || n_tup_upd FROM pg_stat_user_tables"
                + " WHERE relname = 'videos'", null).split(" ");
        long updates = Long.parseLong(counts[1]);
        return updates == 0 ? "none" : String.format(Locale.ROOT, "%.0f %%", 100.0 * Long.parseLong(counts[0]) / updates);
    }

    private static String one(Connection c, String sql, String[] params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; params != null && i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
