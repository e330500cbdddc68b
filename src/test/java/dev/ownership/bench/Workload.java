package dev.ownership.bench;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.model.MigrationSpec;
import dev.ownership.testing.pg.PostgresServer;
import dev.ownership.testing.pg.StreamingReplica;
import dev.ownership.testing.pg.TestDatabase;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
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
    /** How the videos table is laid out; the rows, lists and users are the same. */
    enum Shape {
        /** A heap with a uuid primary key, as seed 1 has it. */
        PLAIN("uuid primary key", "CREATE TABLE videos (id uuid PRIMARY KEY DEFAULT gen_random_uuid(),"
                + " list_id uuid NOT NULL REFERENCES bookmarks_lists (id) ON DELETE CASCADE, youtube_id text NOT NULL,"
                + " processing_status text NOT NULL DEFAULT 'pending')"),
        /**
         * Range-partitioned by month over the last year (12 partitions, the current month the last), with the
         * partition key in the primary key as PostgreSQL requires; rows spread evenly over the months.
         */
        PARTITIONED("12 monthly range partitions, primary key (id, created_at)", """
                CREATE TABLE videos (id uuid NOT NULL DEFAULT gen_random_uuid(),
                                     created_at timestamptz NOT NULL DEFAULT now(),
                                     list_id uuid NOT NULL REFERENCES bookmarks_lists (id) ON DELETE CASCADE,
                                     youtube_id text NOT NULL, processing_status text NOT NULL DEFAULT 'pending',
                                     PRIMARY KEY (id, created_at)) PARTITION BY RANGE (created_at);
                DO $$ BEGIN FOR m IN 0..11 LOOP
                  EXECUTE format('CREATE TABLE videos_m%s PARTITION OF videos FOR VALUES FROM (%L) TO (%L)', m,
                    date_trunc('month', now()) - make_interval(months => 11 - m),
                    date_trunc('month', now()) - make_interval(months => 10 - m));
                END LOOP; END $$"""),
        /** A composite primary key (list_id, id) and no single-column key; id keeps a plain index. */
        COMPOSITE("composite primary key (list_id, id)", """
                CREATE TABLE videos (id uuid NOT NULL DEFAULT gen_random_uuid(),
                                     list_id uuid NOT NULL REFERENCES bookmarks_lists (id) ON DELETE CASCADE,
                                     youtube_id text NOT NULL, processing_status text NOT NULL DEFAULT 'pending',
                                     PRIMARY KEY (list_id, id));
                CREATE INDEX videos_id_idx ON videos (id)"""),
        /** PLAIN on a server of its own with a hot standby streaming from it (everything, the load included). */
        REPLICATED("uuid primary key, on the primary of a streaming replica", PLAIN.ddl, true);

        final String label;
        final String ddl;
        final boolean streamingReplica;

        Shape(String label, String ddl) {
            this(label, ddl, false);
        }

        Shape(String label, String ddl, boolean streamingReplica) {
            this.label = label;
            this.ddl = ddl;
            this.streamingReplica = streamingReplica;
        }
    }

    static final String DEFAULT_OWNER_EMAIL = "owner@bench.example";
    static final int LISTS = 10_000;
    static final int STABLE_USERS = 2_500;
    static final int CHURN_USERS = 2_500;
    private static final int CHUNK = 1_000_000;
    private static final int SAMPLED_VIDEOS = 20_000;
    private static final AtomicInteger COPIES = new AtomicInteger();

    private final TestDatabase template;
    private final TestDatabase admin;
    private final Optional<StreamingReplica> replica;
    final long rows;
    final Shape shape;
    final UUID defaultOwner;
    /** Lists whose owner the application never deletes: new videos go there. */
    final List<UUID> stableLists;
    final List<UUID> churnUsers;
    final List<UUID> sampledVideos;

    private Workload(TestDatabase template, TestDatabase admin, Optional<StreamingReplica> replica, long rows,
                     Shape shape) {
        this.template = template;
        this.admin = admin;
        this.replica = replica;
        this.rows = rows;
        this.shape = shape;
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
        return load(rows, Shape.PLAIN, progress);
    }

    /** On the tests' shared server, or on the primary of a streaming replica of its own for such a shape. */
    static Workload load(long rows, Shape shape, Progress progress) {
        Optional<StreamingReplica> replica = shape.streamingReplica ? Optional.of(StreamingReplica.start())
                : Optional.empty();
        TestDatabase db = replica.map(r -> r.newDatabase("bench_template")).orElseGet(PostgresServer::newDatabase);
        TestDatabase admin = replica.map(r -> r.newDatabase("bench_admin")).orElseGet(PostgresServer::newDatabase);
        db.sql("""
                CREATE TABLE users (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), email text NOT NULL UNIQUE,
                                    hashed_password text, is_active boolean NOT NULL DEFAULT true);
                CREATE TABLE bookmarks_lists (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL,
                                              user_id uuid REFERENCES users (id) ON DELETE CASCADE);
                CREATE INDEX bookmarks_lists_user_id_idx ON bookmarks_lists (user_id);
                """);
        db.sql(shape.ddl);
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
            // partitioned: row g falls in month g % 12 of the last year
            db.sql("INSERT INTO videos (list_id, youtube_id" + (shape == Shape.PARTITIONED ? ", created_at" : "")
                    + ") SELECT l.id, 'yt' || g" + (shape == Shape.PARTITIONED ? ", date_trunc('month', now())"
                    + " - make_interval(months => (g % 12)::int) + interval '1 day'" : "") + " FROM generate_series("
                    + from + ", " + to + ") g JOIN list_numbers l ON l.n = g % " + LISTS);
            progress.say("loaded " + to + " / " + rows + " videos");
        }
        db.sql("DROP TABLE list_numbers");
        db.sql("CREATE INDEX videos_list_id_idx ON videos (list_id)");
        db.sql("VACUUM (FREEZE, ANALYZE)");
        db.sql("CHECKPOINT");
        return new Workload(db, admin, replica, rows, shape);
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

    /** Frees the template's disk once its size is done (ten million rows take gigabytes), and the replica's. */
    void dropTemplate() {
        admin.sql("DROP DATABASE IF EXISTS " + template.name() + " WITH (FORCE)");
        replica.ifPresent(StreamingReplica::close);
    }

    void drop(TestDatabase copy) {
        admin.sql("DROP DATABASE IF EXISTS " + copy.name() + " WITH (FORCE)");
    }

    /** Server facts for the report; a database of the same server that no run migrates. */
    TestDatabase admin() {
        return admin;
    }

    /** The hot standby streaming from this workload's server, if its shape has one. */
    Optional<StreamingReplica> replica() {
        return replica;
    }

    /**
     * The scenario's spec, with default execution settings unless -Dbench.engine.execution gives some, as the
     * inside of a YAML flow mapping (e.g. {@code lockTimeout: 200ms, batchSize: 10000}); the report names them.
     */
    static MigrationSpec spec(Scenario scenario, String runnerExecution) {
        Path tuned = specFile(scenario, runnerExecution);
        try {
            return MigrationDocumentReader.read(tuned);
        } finally {
            try {
                Files.deleteIfExists(tuned);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The scenario's spec as a file (the caller deletes it), with -Dbench.engine.execution's settings, the
     * scenario's (e.g. {@code maxReplicaLag: 1000ms}) and the runner's (e.g. {@code parallelism: 2}) in its
     * execution mapping.
     */
    static Path specFile(Scenario scenario, String runnerExecution) {
        try {
            Path path = Path.of(Workload.class.getResource("/bench/" + scenario.specResource).toURI());
            String execution = String.join(", ", java.util.stream.Stream.of(engineExecution(),
                            scenario.engineExecution(), runnerExecution)
                    .filter(e -> !e.isEmpty()).toList());
            Path tuned = Files.createTempFile("bench-spec", ".yaml");
            Files.writeString(tuned, Files.readString(path)
                    + (execution.isEmpty() ? "" : "  execution: {" + execution + "}\n"));
            return tuned;
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
