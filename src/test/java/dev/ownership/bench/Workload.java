package dev.ownership.bench;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The seed-1 schema at scale, loaded once into a template database that every run gets a fresh copy of
 * (CREATE DATABASE ... TEMPLATE copies the files, so each run starts from the same frozen, analysed table).
 *
 * <p>users: the default owner, {@value #STABLE_USERS} users the application keeps and {@value #CHURN_USERS}
 * it deletes now and then. bookmarks_lists: {@value #LISTS} lists, a third without owner, the others owned by
 * one of those users (the column has a foreign key ON DELETE CASCADE, as in the application). videos: N rows
 * spread evenly over the lists, with an index on list_id (the existing cascade from lists needs one).
 */
final class Workload {
    static final String DEFAULT_OWNER_EMAIL = "owner@bench.example";
    static final int LISTS = 10_000;
    static final int STABLE_USERS = 2_500;
    static final int CHURN_USERS = 2_500;
    private static final int CHUNK = 1_000_000;
    private static final int SAMPLED_VIDEOS = 20_000;
    private static final AtomicInteger COPIES = new AtomicInteger();

    private final TestDatabase template;
    private final TestDatabase admin;
    final long rows;
    final UUID defaultOwner;
    /** Lists whose owner the application never deletes: new videos go there. */
    final List<UUID> stableLists;
    final List<UUID> churnUsers;
    final List<UUID> sampledVideos;

    private Workload(TestDatabase template, TestDatabase admin, long rows) {
        this.template = template;
        this.admin = admin;
        this.rows = rows;
        this.defaultOwner = UUID.fromString(template.value("SELECT id FROM users WHERE email = '"
                + DEFAULT_OWNER_EMAIL + "'"));
        this.stableLists = uuids(template, "SELECT l.id FROM bookmarks_lists l LEFT JOIN users u ON u.id = l.user_id"
                + " WHERE u.email IS NULL OR u.email LIKE 'user-%' ORDER BY l.id");
        this.churnUsers = uuids(template, "SELECT id FROM users WHERE email LIKE 'churn-%' ORDER BY id");
        this.sampledVideos = uuids(template, "SELECT id FROM videos TABLESAMPLE BERNOULLI ("
                + Math.min(100.0, 100.0 * SAMPLED_VIDEOS * 1.2 / Math.max(1, rows)) + ") REPEATABLE (42) LIMIT "
                + SAMPLED_VIDEOS);
    }

    /** Creates and fills the template database: minutes for tens of millions of rows. */
    static Workload load(long rows, Progress progress) {
        TestDatabase db = PostgresServer.newDatabase();
        TestDatabase admin = PostgresServer.newDatabase();
        db.sql("""
                CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE,
                                    hashed_password text, is_active boolean NOT NULL DEFAULT true);
                CREATE TABLE bookmarks_lists (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,
                                              user_id uuid REFERENCES users (id) ON DELETE CASCADE);
                CREATE INDEX bookmarks_lists_user_id_idx ON bookmarks_lists (user_id);
                CREATE TABLE videos (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
                                     list_id uuid NOT NULL REFERENCES bookmarks_lists (id) ON DELETE CASCADE,
                                     youtube_id text NOT NULL, processing_status text NOT NULL DEFAULT 'pending');
                """);
        db.sql("INSERT INTO users (email, hashed_password) VALUES ('" + DEFAULT_OWNER_EMAIL + "', 'x');"
                + "INSERT INTO users (email, hashed_password) SELECT 'user-' || n || '@bench.example', 'x'"
                + " FROM generate_series(0, " + (STABLE_USERS - 1) + ") n;"
                + "INSERT INTO users (email, hashed_password) SELECT 'churn-' || n || '@bench.example', 'x'"
                + " FROM generate_series(" + STABLE_USERS + ", " + (STABLE_USERS + CHURN_USERS - 1) + ") n;");
        // list g: no owner when g % 3 = 0, else user number g % 5000 (stable below 2500, churn above)
        db.sql("INSERT INTO bookmarks_lists (name, user_id) SELECT 'list ' || g, CASE WHEN g % 3 = 0 THEN NULL ELSE"
                + " (SELECT u.id FROM users u WHERE u.email = CASE WHEN g % 5000 < " + STABLE_USERS
                + " THEN 'user-' ELSE 'churn-' END || (g % 5000) || '@bench.example') END"
                + " FROM generate_series(1, " + LISTS + ") g");
        db.sql("CREATE TABLE list_numbers AS SELECT id, (row_number() OVER (ORDER BY name) - 1)::int AS n"
                + " FROM bookmarks_lists");
        for (long from = 1; from <= rows; from += CHUNK) {
            long to = Math.min(rows, from + CHUNK - 1);
            db.sql("INSERT INTO videos (list_id, youtube_id) SELECT l.id, 'yt' || g FROM generate_series(" + from
                    + ", " + to + ") g JOIN list_numbers l ON l.n = g % " + LISTS);
            progress.say("loaded " + to + " / " + rows + " videos");
        }
        db.sql("DROP TABLE list_numbers");
        db.sql("CREATE INDEX videos_list_id_idx ON videos (list_id)");
        db.sql("VACUUM (FREEZE, ANALYZE)");
        db.sql("CHECKPOINT");
        return new Workload(db, admin, rows);
    }

    /** A fresh copy of the loaded database. */
    TestDatabase copy(String purpose) {
        String name = "bench_" + purpose.replaceAll("[^a-z0-9]+", "_") + "_" + COPIES.incrementAndGet();
        admin.sql("CREATE DATABASE " + name + " TEMPLATE " + template.name()
                + (template.serverVersion() >= 150000 ? " STRATEGY = FILE_COPY" : ""));
        // the migrator's and the application's sessions commit as production does (zonky turns it off)
        admin.sql("ALTER DATABASE " + name + " SET synchronous_commit = on");
        String url = template.jdbcUrl().replace("/" + template.name() + "?", "/" + name + "?");
        return new TestDatabase(name, url, template.serverVersion());
    }

    void drop(TestDatabase copy) {
        admin.sql("DROP DATABASE IF EXISTS " + copy.name() + " WITH (FORCE)");
    }

    /** Server facts for the report. */
    TestDatabase admin() {
        return admin;
    }

    /**
     * The scenario's spec, with default execution settings unless -Dbench.engine.execution gives some, as the
     * inside of a YAML flow mapping (e.g. {@code lockTimeout: 200ms, batchSize: 10000}); the report names them.
     */
    static MigrationSpec spec(Scenario scenario) {
        try {
            Path path = Path.of(Workload.class.getResource("/bench/" + scenario.specResource).toURI());
            String execution = engineExecution();
            if (execution.isEmpty()) {
                return MigrationDocumentReader.read(path);
            }
            Path tuned = Files.createTempFile("bench-spec", ".yaml");
            try {
                Files.writeString(tuned, Files.readString(path) + "  execution: {" + execution + "}\n");
                return MigrationDocumentReader.read(tuned);
            } finally {
                Files.deleteIfExists(tuned);
            }
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String engineExecution() {
        return System.getProperty("bench.engine.execution", "").trim();
    }

    private static List<UUID> uuids(TestDatabase db, String sql) {
        return db.rows(sql).stream().map(r -> UUID.fromString(r.get(0))).toList();
    }

    @FunctionalInterface
    interface Progress {
        void say(String message);
    }
}
