package dev.ownership.demo;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/** One embedded PostgreSQL server (trusting local connections) with a database of its own per scenario. */
public final class DemoDatabases implements AutoCloseable {
    public static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private DemoDatabases(EmbeddedPostgres server) {
        this.server = server;
    }

    public static DemoDatabases start() throws IOException {
        return new DemoDatabases(EmbeddedPostgres.builder().start());
    }

    public int port() {
        return server.getPort();
    }

    /** Creates the scenario's database, named after its example, loads its schema and data; its JDBC URL. */
    public String load(DemoScenario scenario, int videos) throws SQLException {
        String database = database(scenario);
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + database);
        }
        try (Connection c = server.getDatabase(USER, database).getConnection(); Statement st = c.createStatement()) {
            st.execute(scenario.schema(videos));
        }
        return server.getJdbcUrl(USER, database);
    }

    /** videos-owner becomes videos_owner: a name psql takes without quotes. */
    public static String database(DemoScenario scenario) {
        return scenario.example().replace('-', '_');
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
