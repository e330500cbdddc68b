package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The engine as a migrator Job runs it: `migrate apply` in a JVM of its own (the packaged CLI,
 * target/quarkus-app/quarkus-run.jar), started when the migration starts, so the application feels the JVM's
 * start-up beside the database as it does when the Job's pod lands on the database's machine. The steps' times
 * come from the ledger afterwards.
 */
final class ProcessEngineMigration implements Migration {
    static final Path JAR = Path.of("target/quarkus-app/quarkus-run.jar");

    @Override
    public String name() {
        return "engine, own JVM";
    }

    @Override
    public Outcome run(TestDatabase db, Workload workload, Scenario scenario) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: bench/run.sh packages it first");
        }
        Path spec = Workload.specFile(scenario, "");
        // the database clock at a known nanoTime, to place the ledger's step times on the application's timeline
        long clockNanos = System.nanoTime();
        double clockEpoch = Double.parseDouble(db.value("SELECT extract(epoch FROM clock_timestamp())"));
        long started = System.nanoTime();
        Optional<String> failure = Optional.empty();
        try {
            Path errors = Files.createTempFile("bench-migrate", ".log");
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-jar", JAR.toString(), "migrate", "apply", "-f", spec.toString(), "--yes")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile());
            pb.environment().put("OWNERSHIP_JDBC_URL", db.jdbcUrl()); // as the Job's Secret gives it
            Process p = pb.start();
            p.getOutputStream().close();
            int exit = p.waitFor();
            if (exit != 0) {
                failure = Optional.of("migrate apply exited with " + exit + ": " + Files.readString(errors).trim());
            }
            Files.deleteIfExists(errors);
        } catch (IOException e) {
            failure = Optional.of("cannot start migrate apply: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            try {
                Files.deleteIfExists(spec);
            } catch (IOException e) {
                // a temporary file left behind is harmless
            }
        }
        long ended = System.nanoTime();
        List<Phase> phases = new ArrayList<>();
        long backfillRows = 0;
        long backfillNanos = 0;
        boolean ledger = "t".equals(db.value("SELECT to_regclass('ownership_migration.step') IS NOT NULL"));
        for (List<String> r : !ledger ? List.<List<String>>of() : db.rows("SELECT step, extract(epoch FROM started_at), extract(epoch FROM"
                + " coalesce(finished_at, clock_timestamp())), rows FROM ownership_migration.step ORDER BY id")) {
            long from = clockNanos + (long) ((Double.parseDouble(r.get(1)) - clockEpoch) * 1e9);
            long to = clockNanos + (long) ((Double.parseDouble(r.get(2)) - clockEpoch) * 1e9);
            long rows = Long.parseLong(r.get(3));
            phases.add(new Phase(r.get(0), from, to, rows));
            if (r.get(0).equals("backfill")) {
                backfillRows += rows;
                backfillNanos += to - from;
            }
        }
        phases.add(0, new Phase("JVM start, preflight, ledger", started,
                phases.isEmpty() ? ended : phases.get(0).startNanos(), 0));
        return new Outcome(started, ended, List.copyOf(phases), backfillRows, backfillNanos, failure, List.of());
    }
}
