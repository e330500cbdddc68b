package dev.ownership.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionEnvironmentTest {
    @Test
    void prefersTheJdbcUrlThenBuildsOneFromLibpqVariables() {
        assertThat(ConnectionEnvironment.jdbcUrl(Map.of("OWNERSHIP_JDBC_URL", "jdbc:postgresql://a/b", "PGHOST", "x",
                "PGDATABASE", "y"))).contains("jdbc:postgresql://a/b");
        assertThat(ConnectionEnvironment.jdbcUrl(Map.of("PGHOST", "db.internal", "PGDATABASE", "my app")))
                .contains("jdbc:postgresql://db.internal:5432/my%20app");
        assertThat(ConnectionEnvironment.jdbcUrl(Map.of("PGHOST", "db", "PGPORT", "6543", "PGDATABASE", "app")))
                .contains("jdbc:postgresql://db:6543/app");
        assertThat(ConnectionEnvironment.jdbcUrl(Map.of("PGHOST", "db"))).isEmpty();
        assertThat(ConnectionEnvironment.jdbcUrl(Map.of())).isEmpty();
    }
}
