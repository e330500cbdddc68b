package dev.ownership.cli;

import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Credentials and the values of a Job's Secret never leave it: not in text or JSON output, not in the
 * termination report the operator copies into status and events. Each case runs as text and as JSON.
 */
@Tag("db")
class ConnectionSecretsCliTest {
    private static final String SECRET = "s3cret-pw";
    private final TestDatabase db = Fixtures.seed2();
    private final URI server = URI.create(db.jdbcUrl().substring("jdbc:".length()));
    private final String hostPort = server.getHost() + ":" + server.getPort();
    private final String spec = Fixtures.path("seed2.yaml").toString();

    @Test
    void aPasswordInTheUrlIsNeverShown() throws IOException {
        Outcome missing = run(Map.of(), "--jdbc-url", "jdbc:postgresql://postgres:" + SECRET + "@" + hostPort + "/nope");
        missing.assertCode(ExitCodes.FAILED).assertHidden(SECRET)
                .assertSays("Cannot connect to " + hostPort + "/nope: the database does not exist");

        Outcome query = run(Map.of(), "--jdbc-url", "jdbc:postgresql://" + hostPort + "/nope?user=postgres&password=" + SECRET);
        query.assertCode(ExitCodes.FAILED).assertHidden(SECRET).assertSays("the database does not exist");

        Outcome unparsable = run(Map.of(), "--jdbc-url", "jdbc:postgresql//" + hostPort + "/x?password=" + SECRET);
        unparsable.assertCode(ExitCodes.INVALID).assertHidden(SECRET).assertSays("--jdbc-url: not a PostgreSQL URL");
    }

    @Test
    void postgresUrlsWithUserInfoAreAccepted() throws IOException {
        Outcome planned = run(Map.of(), "--jdbc-url", "postgres://postgres:" + SECRET + "@" + hostPort + "/" + db.name());
        planned.assertCode(ExitCodes.OK).assertHidden(SECRET);
        assertThat(run(Map.of(), "--jdbc-url", "postgresql://postgres@" + hostPort + "/" + db.name()).code()).isZero();
    }

    @Test
    void valuesFromTheEnvironmentAreNamedByTheirVariableNeverShown() throws IOException {
        run(Map.of("OWNERSHIP_JDBC_URL", "mysql://u:" + SECRET + "@h/x"))
                .assertCode(ExitCodes.INVALID).assertHidden(SECRET)
                .assertSays("the JDBC URL in OWNERSHIP_JDBC_URL is not a PostgreSQL URL");
        run(Map.of("PGHOST", "secret-host-value.invalid", "PGDATABASE", "x"))
                .assertCode(ExitCodes.FAILED).assertHidden("secret-host-value")
                .assertSays("Cannot connect to the database in PGHOST, PGPORT and PGDATABASE: host name not found");
        run(Map.of("PGHOST", server.getHost(), "PGPORT", String.valueOf(server.getPort()), "PGDATABASE", "secret-db-value",
                "PGUSER", "postgres"))
                .assertCode(ExitCodes.FAILED).assertHidden("secret-db-value").assertSays("the database does not exist");
        run(Map.of("OWNERSHIP_JDBC_URL", "jdbc:postgresql://" + hostPort + "/" + db.name(), "PGUSER", "secret-role-value"))
                .assertCode(ExitCodes.FAILED).assertHidden("secret-role-value").assertHidden(hostPort)
                .assertSays("Cannot connect to the database in OWNERSHIP_JDBC_URL: the server refused this user");
        run(Map.of("PGHOST", "127.0.0.1", "PGPORT", "1", "PGDATABASE", "x"))
                .assertCode(ExitCodes.FAILED).assertHidden("127.0.0.1").assertSays("connection refused");
    }

    /** Everything a run shows, as text and as JSON: output, errors and the termination report of each. */
    record Outcome(int code, String shown) {
        Outcome assertCode(int expected) {
            assertThat(code).as(shown).isEqualTo(expected);
            return this;
        }

        Outcome assertHidden(String value) {
            assertThat(shown).doesNotContain(value);
            return this;
        }

        Outcome assertSays(String text) {
            assertThat(shown).contains(text);
            return this;
        }
    }

    private Outcome run(Map<String, String> environment, String... connection) throws IOException {
        StringBuilder shown = new StringBuilder();
        int code = -1;
        for (String format : List.of("text", "json")) {
            Path report = Files.createTempFile("report", ".json");
            List<String> args = new ArrayList<>(List.of("plan", "-f", spec, "-o", format, "--termination-message-path",
                    report.toString()));
            args.addAll(List.of(connection));
            StringWriter err = new StringWriter();
            MigrateCliTest.Run run = MigrateCliTest.migrate(environment, err, args.toArray(String[]::new));
            shown.append(run.out()).append(run.err()).append(Files.readString(report));
            code = run.code();
        }
        return new Outcome(code, shown.toString());
    }
}
