package dev.ownership.testing.pg;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One embedded PostgreSQL per test JVM (major version from -Dpg.major), started on first use and
 * stopped at exit. Each test gets its own database, so tests never see each other's tables.
 */
public final class PostgresServer {
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static EmbeddedPostgres server;
    private static int serverVersion;

    private PostgresServer() {
    }

    public static synchronized TestDatabase newDatabase() {
        try {
            if (server == null) {
                server = EmbeddedPostgres.builder().setPgBinaryResolver(PostgresBinaries.fromSystemProperties())
                        .setServerConfig("max_connections", "200").start();
                Runtime.getRuntime().addShutdownHook(new Thread(PostgresServer::stop));
                try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                    var rs = st.executeQuery("SHOW server_version_num");
                    rs.next();
                    serverVersion = rs.getInt(1);
                }
            }
            String name = "test_" + DATABASES.incrementAndGet();
            try (Connection c = server.getPostgresDatabase().getConnection(); Statement st = c.createStatement()) {
                st.execute("CREATE DATABASE " + name);
            }
            return new TestDatabase(name, server.getJdbcUrl("postgres", name), serverVersion);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void stop() {
        try {
            server.close();
        } catch (IOException ignored) {
            // the JVM is exiting; the data directory is temporary
        }
    }
}
