package dev.ownership.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * The database a Job pod reaches, from the environment its Secret fills: OWNERSHIP_JDBC_URL, or the
 * libpq variables PGHOST, PGPORT and PGDATABASE.
 */
final class ConnectionEnvironment {
    static final String JDBC_URL = "OWNERSHIP_JDBC_URL";

    private ConnectionEnvironment() {
    }

    static Optional<String> jdbcUrl(Map<String, String> env) {
        String url = env.get(JDBC_URL);
        if (url != null && !url.isBlank()) {
            return Optional.of(url);
        }
        String host = env.get("PGHOST");
        String database = env.get("PGDATABASE");
        if (host == null || host.isBlank() || database == null || database.isBlank()) {
            return Optional.empty();
        }
        String port = Optional.ofNullable(env.get("PGPORT")).filter(p -> !p.isBlank()).orElse("5432");
        return Optional.of("jdbc:postgresql://" + host + ":" + port + "/"
                + URLEncoder.encode(database, StandardCharsets.UTF_8).replace("+", "%20"));
    }
}
