package dev.ownership.operator;

import dev.ownership.api.v1alpha1.DatabaseSpec;
import io.fabric8.kubernetes.api.model.Secret;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of the database Secret, defaults applied, and the environment variable each one fills in the
 * migrator pod (what {@code migrate} reads: OWNERSHIP_JDBC_URL or PGHOST/PGPORT/PGDATABASE, PGUSER, PGPASSWORD).
 */
record SecretKeys(String jdbcUrl, String host, String port, String database, String username, String password) {

    static SecretKeys of(DatabaseSpec database) {
        DatabaseSpec.SecretRef r = database.secretRef;
        return new SecretKeys(or(r.jdbcUrlKey, "jdbcUrl"), or(r.hostKey, "host"), or(r.portKey, "port"),
                or(r.databaseKey, "database"), or(r.usernameKey, "username"), or(r.passwordKey, "password"));
    }

    Map<String, String> byVariable() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OWNERSHIP_JDBC_URL", jdbcUrl);
        env.put("PGHOST", host);
        env.put("PGPORT", port);
        env.put("PGDATABASE", database);
        env.put("PGUSER", username);
        env.put("PGPASSWORD", password);
        return env;
    }

    /** What is wrong with the Secret for a connection, naming the missing keys (never reading values). */
    Optional<String> problem(String secretName, Secret secret) {
        if (secret == null) {
            return Optional.of("Secret " + secretName + " does not exist");
        }
        Map<String, String> data = new LinkedHashMap<>();
        Optional.ofNullable(secret.getData()).ifPresent(data::putAll);
        Optional.ofNullable(secret.getStringData()).ifPresent(data::putAll);
        if (!data.containsKey(jdbcUrl) && !(data.containsKey(host) && data.containsKey(database))) {
            return Optional.of("Secret " + secretName + " has neither key " + jdbcUrl + " nor keys " + host + " and "
                    + database);
        }
        // with a JDBC URL the user may be in the URL; with host and database it must be a key
        return data.containsKey(jdbcUrl) || data.containsKey(username) ? Optional.empty()
                : Optional.of("Secret " + secretName + " has no key " + username);
    }

    private static String or(String value, String fallback) {
        return value == null || value.isEmpty() ? fallback : value;
    }
}
