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
 */
public record DatabaseConnector(String jdbcUrl, Optional<String> username, Optional<String> password) {
    public static final String APPLICATION_NAME = "ownership-operator";

    public Connection open() {
        Properties props = new Properties();
        username.ifPresent(u -> props.setProperty(PGProperty.USER.getName(), u));
        password.ifPresent(p -> props.setProperty(PGProperty.PASSWORD.getName(), p));
        props.setProperty(PGProperty.APPLICATION_NAME.getName(), APPLICATION_NAME);
        props.setProperty(PGProperty.PREPARE_THRESHOLD.getName(), "0");
        props.setProperty(PGProperty.CONNECT_TIMEOUT.getName(), "10");
        try {
            Connection c = DriverManager.getConnection(jdbcUrl, props);
            try (var st = c.createStatement()) {
                st.execute("SET standard_conforming_strings = on");
                st.execute("SET statement_timeout = 0");
            }
            return c;
        } catch (SQLException e) {
            throw new DatabaseUnreachableException("Cannot connect to " + redacted() + ": " + e.getMessage(), e);
        }
    }

    /** The URL without a password that may have been written into it. */
    public String redacted() {
        return jdbcUrl.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }
}
