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

    /** A URL built from PGHOST, PGPORT (5432 when unset) and PGDATABASE, when host and database are set. */
    static Optional<String> fromLibpqVariables(Map<String, String> env) {
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
