package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Optional;

/** Options every migrate subcommand takes. */
public class MigrateOptions {
    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "YAML file holding the OwnershipMigration (other documents in it are ignored).")
    Path file;

    @Option(names = "--jdbc-url", required = true, paramLabel = "URL",
            description = "JDBC URL of the target database, e.g. jdbc:postgresql://localhost:5432/app")
    String jdbcUrl;

    @Option(names = "--username", paramLabel = "USER", description = "Database user (default: PGUSER, or the URL's).")
    String username;

    @Option(names = "--password-env", paramLabel = "VAR", defaultValue = "PGPASSWORD",
            description = "Environment variable holding the password (default: ${DEFAULT-VALUE}).")
    String passwordEnv;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "text",
            description = "text or json (default: ${DEFAULT-VALUE}).")
    OutputFormat output;

    @Option(names = "--verbose", description = "Print stack traces of errors.")
    boolean verbose;

    MigrationSpec spec() {
        return MigrationDocumentReader.read(file);
    }

    DatabaseConnector connector() {
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new InvalidSpecException("--jdbc-url: '" + jdbcUrl + "' is not a jdbc:postgresql: URL");
        }
        Optional<String> user = Optional.ofNullable(username).or(() -> Optional.ofNullable(System.getenv("PGUSER")));
        return new DatabaseConnector(jdbcUrl, user, Optional.ofNullable(System.getenv(passwordEnv)));
    }

    public enum OutputFormat { text, json }
}
