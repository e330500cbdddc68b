package dev.ownership.engine;

import org.postgresql.PGProperty;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;

/**
 * Opens the migrator's sessions: named (application_name) so they are easy to find in pg_stat_activity,
 * without server-side prepared statements (their cached plans break across DDL: SQLSTATE 0A000).
 *
 * @param jdbcUrl a jdbc:postgresql URL without credentials (see {@link PostgresUrl})
 * @param target  how messages name the database: host:port/database when the user typed it, the environment
 *                variables' names when it came from a Secret (whose values must never be shown)
 */
public record DatabaseConnector(String jdbcUrl, Optional<String> username, Optional<String> password, String target) {
    public static final String APPLICATION_NAME = "ownership-operator";

    /** A connector whose URL may be shown (tests, the demo). */
    public DatabaseConnector(String jdbcUrl, Optional<String> username, Optional<String> password) {
        this(jdbcUrl, username, password, PostgresUrl.parse(jdbcUrl).map(PostgresUrl::display).orElse("the database"));
    }

    public Connection open() {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty(PGProperty.USER.getName(), u));
        password.ifPresent(p -> props.setProperty(PGProperty.PASSWORD.getName(), p));
        props.setProperty(PGProperty.APPLICATION_NAME.getName(), APPLICATION_NAME);
        props.setProperty(PGProperty.PREPARE_THRESHOLD.getName(), "0");
        props.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), "10");
        props.setProperty(PGProperty.LOGIN_TIMEOUT.getName(), "20");
        props.setProperty(PGProperty.TCP_KEEP_ALIVE.getName(), "true");
        // the server's DETAIL lines quote row values (a foreign key violation names the key): not ours to publish
        props.setProperty(PGProperty.LOG_SERVER_ERROR_DETAIL.getName(), "false");
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, props);
            try {
                configure(c);
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        } catch (SQLException e) {
            throw new DatabaseUnreachableException("Cannot connect to " + target + ": " + ConnectionFailure.reason(e), e);
        }
    }

    private static void configure(Connection c) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("SET standard_conforming_strings = on");
            st.execute("SET statement_timeout = 0");
            // A migrator whose node vanished must not hold the migrator lock (a session lock) for the hours
            // the kernel's default keepalive takes: the server notices a dead client within about a minute.
            st.execute("SET tcp_keepalives_idle = 30");
            st.execute("SET tcp_keepalives_interval = 10");
            st.execute("SET tcp_keepalives_count = 3");
            if (c.getMetaData().getDatabaseMajorVersion() >= 14) { // also while a statement runs
                st.execute("SET client_connection_check_interval = '10s'");
            }
        }
    }

    /** Never the password, whatever prints this record. */
    @Override
    public String toString() {
        return target;
    }
}
