package dev.ownership.cli;

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
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")));
        command.addAll(args);
        Path log = Files.createTempFile("cli", ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
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
        Result demo = jar(List.of("demo", "--exit", "--videos", "3000"));

        assertThat(demo.code()).as(demo.out()).isZero();
        assertThat(demo.out()).contains("PostgreSQL is running: jdbc:postgresql://")
                .contains("public.videos.user_id: OK (3000 rows)")
                .contains("Verified: ownership is in force.");
    }
}
