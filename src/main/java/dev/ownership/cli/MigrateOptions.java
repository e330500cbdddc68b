package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.engine.PostgresUrl;
import dev.ownership.engine.model.MigrationSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.Map;
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
            description = "URL of the target database, e.g. jdbc:postgresql://localhost:5432/app or postgres://user:pw@host/app"
                    + " (user and password are taken out of it and sent only as connection properties; default: "
                    + "OWNERSHIP_JDBC_URL, else built from PGHOST, PGPORT and PGDATABASE).")
    String jdbcUrl;

    @Option(names = "--termination-message-path", paramLabel = "FILE",
            description = "Write a JSON report of the outcome there (a Job's terminationMessagePath).")
    Path terminationMessage;

    @Option(names = "--report-status", paramLabel = "NAMESPACE/NAME",
            description = "In a Job pod: server-side apply live progress to status.progress (and whom it waits for to"
                    + " status.waitingFor) of this OwnershipMigration.")
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

    private final Map<String, String> environment;

    public MigrateOptions() {
        this(System.getenv());
    }

    /** @param environment where the Job's Secret values arrive (tests pass their own) */
    MigrateOptions(Map<String, String> environment) {
        this.environment = environment;
    }

    MigrationSpec spec() {
        if ((file == null) == (specEnv == null)) {
            throw new InvalidSpecException("-f/--file or --spec-env: exactly one is required");
        }
        if (file != null) {
            return MigrationDocumentReader.read(file);
        }
        return MigrationDocumentReader.read("$" + specEnv, variable("--spec-env", specEnv));
    }

    /** The value of an environment variable an option names; an error naming the option when it is unset. */
    String variable(String option, String name) {
        String text = environment.get(name);
        if (text == null || text.isBlank()) {
            throw new InvalidSpecException(option + ": environment variable " + name + " is not set");
        }
        return text;
    }

    /**
     * The database and credentials. Values from the environment (a Secret's, in a Job) are never shown: messages
     * name the variables instead, so a migration cannot read another Secret's key back through an error.
     */
    DatabaseConnector connector() {
        Optional<String> password = Optional.ofNullable(environment.get(passwordEnv));
        if (jdbcUrl != null) {
            PostgresUrl url = PostgresUrl.parse(jdbcUrl).orElseThrow(() -> new InvalidSpecException("--jdbc-url: not a"
                    + " PostgreSQL URL (jdbc:postgresql://HOST:PORT/DATABASE, or postgres://USER:PASSWORD@HOST/DATABASE)"));
            return connector(url, url.display(), password);
        }
        Optional<String> fromEnvironment = Optional.ofNullable(environment.get(ConnectionEnvironment.JDBC_URL))
                .filter(u -> !u.isBlank());
        if (fromEnvironment.isPresent()) {
            PostgresUrl url = PostgresUrl.parse(fromEnvironment.get()).orElseThrow(() -> new InvalidSpecException(
                    "the JDBC URL in " + ConnectionEnvironment.JDBC_URL + " is not a PostgreSQL URL"));
            return connector(url, "the database in " + ConnectionEnvironment.JDBC_URL, password);
        }
        String built = ConnectionEnvironment.fromLibpqVariables(environment).orElseThrow(() -> new InvalidSpecException(
                "--jdbc-url: required (or " + ConnectionEnvironment.JDBC_URL + ", or PGHOST with PGDATABASE)"));
        PostgresUrl url = PostgresUrl.parse(built).orElseThrow(() -> new InvalidSpecException(
                "PGHOST, PGPORT and PGDATABASE do not make a PostgreSQL URL"));
        return connector(url, "the database in PGHOST, PGPORT and PGDATABASE", password);
    }

    /** --username first, then the URL's user, then PGUSER; the URL's password before the --password-env one. */
    private DatabaseConnector connector(PostgresUrl url, String target, Optional<String> password) {
        Optional<String> user = Optional.ofNullable(username).or(url::user)
                .or(() -> Optional.ofNullable(environment.get("PGUSER")));
        return new DatabaseConnector(url.jdbcUrl(), user, url.password().or(() -> password), target);
    }

    public enum OutputFormat { text, json }
}
