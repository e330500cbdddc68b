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
    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "YAML file holding the OwnershipMigration (other documents in it are ignored).")
    Path file;

    @Option(names = "--spec-env", paramLabel = "VAR",
            description = "Read the OwnershipMigration from this environment variable instead of a file (Jobs do).")
    String specEnv;

    @Option(names = "--jdbc-url", paramLabel = "URL",
            description = "JDBC URL of the target database, e.g. jdbc:postgresql://localhost:5432/app (default: "
                    + "OWNERSHIP_JDBC_URL, else built from PGHOST, PGPORT and PGDATABASE).")
    String jdbcUrl;

    @Option(names = "--termination-message-path", paramLabel = "FILE",
            description = "Write a JSON report of the outcome there (a Job's terminationMessagePath).")
    Path terminationMessage;

    @Option(names = "--report-status", paramLabel = "NAMESPACE/NAME",
            description = "In a Job pod: server-side apply live progress to status.progress of this OwnershipMigration.")
    String reportStatus;

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
        if ((file == null) == (specEnv == null)) {
            throw new InvalidSpecException("-f/--file or --spec-env: exactly one is required");
        }
        if (file != null) {
            return MigrationDocumentReader.read(file);
        }
        String text = System.getenv(specEnv);
        if (text == null || text.isBlank()) {
            throw new InvalidSpecException("--spec-env: environment variable " + specEnv + " is not set");
        }
        return MigrationDocumentReader.read("$" + specEnv, text);
    }

    DatabaseConnector connector() {
        String url = Optional.ofNullable(jdbcUrl).or(() -> ConnectionEnvironment.jdbcUrl(System.getenv()))
                .orElseThrow(() -> new InvalidSpecException("--jdbc-url: required (or OWNERSHIP_JDBC_URL, or PGHOST"
                        + " with PGDATABASE)"));
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new InvalidSpecException("--jdbc-url: '" + url + "' is not a jdbc:postgresql: URL");
        }
        Optional<String> user = Optional.ofNullable(username).or(() -> Optional.ofNullable(System.getenv("PGUSER")));
        return new DatabaseConnector(url, user, Optional.ofNullable(System.getenv(passwordEnv)));
    }

    public enum OutputFormat { text, json }
}
