package dev.ownership.cli;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionEnvironmentTest {
    @Test
    void buildsAUrlFromLibpqVariables() {
        assertThat(ConnectionEnvironment.fromLibpqVariables(Map.of("PGHOST", "db.internal", "PGDATABASE", "my app")))
                .contains("jdbc:postgresql://db.internal:5432/my%20app");
        assertThat(ConnectionEnvironment.fromLibpqVariables(Map.of("PGHOST", "db", "PGPORT", "6543", "PGDATABASE", "app")))
                .contains("jdbc:postgresql://db:6543/app");
        assertThat(ConnectionEnvironment.fromLibpqVariables(Map.of("PGHOST", "db"))).isEmpty();
        assertThat(ConnectionEnvironment.fromLibpqVariables(Map.of())).isEmpty();
    }
}
