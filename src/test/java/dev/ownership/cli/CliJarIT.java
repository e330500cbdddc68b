package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigratorReport;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged program, as the README runs it: java -jar target/quarkus-app/quarkus-run.jar migrate ... */
@Tag("db")
class CliJarIT {
    record Result(int code, String out) {
    }

    static Result run(TestDatabase db, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("migrate"));
        command.addAll(List.of(args));
        command.addAll(List.of("-f", Fixtures.path("seed1.yaml").toString(), "--jdbc-url", db.jdbcUrl(),
                "--username", "postgres"));
        return jar(command);
    }

    static Result jar(List<String> args) throws IOException, InterruptedException {
        return jar(args, Map.of());
    }

    static Result jar(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")));
        command.addAll(args);
        Path log = Files.createTempFile("cli", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        Process p = builder.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
    }

    @Test
    void theJarPlansAppliesAndVerifies() throws Exception {
        TestDatabase db = Fixtures.seed1(200);

        Result plan = run(db, "plan");
        assertThat(plan.code()).as(plan.out()).isZero();
        assertThat(plan.out()).contains("steps pending.");

        Result apply = run(db, "apply", "--yes");
        assertThat(apply.code()).as(apply.out()).isZero();
        assertThat(db.value("SELECT count(*) FROM ownership_migration.flyway_schema_history WHERE version = '1' AND success"))
                .as("Flyway found and ran the ledger migration inside the packaged app").isEqualTo("1");

        Result verify = run(db, "verify");
        assertThat(verify.code()).as(verify.out()).isZero();
        assertThat(verify.out()).contains("Verified: ownership is in force.");

        Result invalid = run(db, "plan", "--output", "yaml");
        assertThat(invalid.code()).isEqualTo(ExitCodes.INVALID);
    }

    @Test
    void theDemoRunsTheFirstSeedToVerifiedOwnership() throws Exception {
        Result demo = jar(List.of("demo", "--no-cluster", "--exit", "--videos", "3000"));

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("PostgreSQL is running: jdbc:postgresql://")
                .contains("public.videos.user_id: OK (3000 rows)")
                .contains("Verified: ownership is in force.");
    }

    /** As a migrator Job runs it: the spec and the connection from the environment, a report for the operator. */
    @Test
    void theJobModeReadsTheEnvironmentAndLeavesAReport() throws Exception {
        TestDatabase db = Fixtures.seed1(100);
        URI uri = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        Map<String, String> env = Map.of("OWNERSHIP_SPEC", Fixtures.resource("seed1.yaml"), "PGHOST", uri.getHost(),
                "PGPORT", Integer.toString(uri.getPort()), "PGDATABASE", uri.getPath().substring(1), "PGUSER", "postgres");
        Path report = Files.createTempFile("report", ".json");

        Result plan = jar(List.of("migrate", "plan", "--spec-env", "OWNERSHIP_SPEC", "--termination-message-path",
                report.toString()), env);
        assertThat(plan.code()).as(plan.out()).isZero();
        MigratorReport planned = MigratorReport.parse(Files.readString(report)).orElseThrow();
        assertThat(planned.reason()).isEqualTo("Succeeded");
        assertThat(planned.planHash()).matches("[0-9a-f]{16}");
        assertThat(planned.rowsToBackfill()).isEqualTo(120);

        Result stale = jar(List.of("migrate", "apply", "--yes", "--plan-hash", "0123456789abcdef", "--spec-env",
                "OWNERSHIP_SPEC", "--termination-message-path", report.toString()), env);
        assertThat(stale.code()).isEqualTo(ExitCodes.PREFLIGHT);
        assertThat(MigratorReport.parse(Files.readString(report)).orElseThrow().reason()).isEqualTo("PlanChanged");
        assertThat(db.count("SELECT count(*) FROM information_schema.columns WHERE column_name = 'user_id'"
                + " AND table_name = 'videos'")).as("nothing applied").isZero();

        Result apply = jar(List.of("migrate", "apply", "--yes", "--plan-hash", planned.planHash(), "--spec-env",
                "OWNERSHIP_SPEC", "--termination-message-path", report.toString()), env);
        assertThat(apply.code()).as(apply.out()).isZero();
        MigratorReport applied = MigratorReport.parse(Files.readString(report)).orElseThrow();
        assertThat(applied.rowsChanged()).isEqualTo(120);
        assertThat(Files.readString(report)).doesNotContain("password");
    }
}
