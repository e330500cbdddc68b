package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The benchmark behind bench/run.sh: the same table of N rows migrated by the seed's naive sequence and by the
 * engine, while an application writes, for each {@link Scenario}; writes the figures to docs/benchmarks.md.
 *
 * <p>Arguments: [rows (default 1,000,000)] [report path (default docs/benchmarks.md)]. System properties:
 * bench.scenarios (comma-separated {@link Scenario} names, default all), bench.runners (default
 * naive,naive-alone,engine; "-alone" runs without the application), bench.repeat (rounds of them per
 * scenario, default 1), bench.engine.execution (engine settings, see
 * {@link Workload#spec}), bench.baselineSeconds (default 15),
 * bench.command (the command line, for the report), pg.major and pg.binaries.dir (as for the tests).
 */
public final class Benchmark {
    private Benchmark() {
    }

    public static void main(String[] args) throws IOException {
        long rows = args.length > 0 ? Long.parseLong(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        Path out = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
        List<Scenario> scenarios = Arrays.stream(System.getProperty("bench.scenarios",
                        "DEFAULT_OWNER,FROM_PARENT,EXISTING_COLUMN").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Scenario::valueOf).toList();
        List<String> runners = Arrays.stream(System.getProperty("bench.runners", "naive,naive-alone,engine")
                .split(",")).map(String::trim).filter(r -> r.matches("naive|naive-alone|engine|engine-alone")).toList();
        int repeat = Integer.getInteger("bench.repeat", 1);
        long baselineMillis = Long.getLong("bench.baselineSeconds", 15) * 1000;
        Instant started = Instant.now();

        say("loading " + rows + " videos into the template database");
        long t0 = System.nanoTime();
        Workload workload = Workload.load(rows, Benchmark::say);
        Duration loadTime = Duration.ofNanos(System.nanoTime() - t0);
        say("loaded in " + loadTime.toSeconds() + " s");
        Report report = new Report(rows, started, System.getProperty("bench.command", "bench/run.sh " + rows),
                loadTime, Report.serverFacts(workload.admin()));

        try (MachineLoad load = new MachineLoad(postmasterPid(workload.admin()))) {
            say("warming up (both runners once on a small table, not reported)");
            Workload small = Workload.load(2_000, message -> { });
            for (Migration m : List.of(new NaiveMigration(), new EngineMigration())) {
                m.run(small.copy("warmup"), small, Scenario.FROM_PARENT);
            }
            List<Trial> trials = new ArrayList<>();
            say("baseline: the application alone for " + baselineMillis / 1000 + " s");
            trials.add(log(Trial.baseline(workload, Scenario.DEFAULT_OWNER, baselineMillis, load)));
            for (Scenario scenario : scenarios) {
                for (int round = 1; round <= repeat; round++) {
                    for (String runner : runners) {
                        boolean alone = runner.endsWith("-alone");
                        Migration migration = runner.startsWith("naive") ? new NaiveMigration() : new EngineMigration();
                        say(scenario.label + ": " + migration.name() + (alone ? Trial.ALONE : "")
                                + (repeat > 1 ? " (round " + round + " of " + repeat + ")" : ""));
                        trials.add(log(Trial.run(workload, scenario, migration, !alone, load)));
                    }
                }
            }
            load.close();
            report.write(out, trials, load.summary(), load.averageOtherCores());
        }
        say("wrote " + out.toAbsolutePath());
        System.exit(0); // the embedded server stops in a shutdown hook
    }

    private static Trial log(Trial t) {
        say(String.format("  %s: total %,d ms, backfill %,d rows at %,.0f rows/s, writer longest wait %,.0f ms,"
                        + " other processes %.2f cores%s",
                t.runner(), t.outcome().totalMillis(), t.outcome().backfillRows(),
                t.outcome().backfillRowsPerSecond(), t.writer().maxMillis(), t.otherCores(),
                t.ok() ? "" : ", FAILED: " + t.outcome().failure().orElse(String.join("; ", t.problems()))));
        return t;
    }

    private static long postmasterPid(TestDatabase db) {
        try {
            Path dir = Path.of(db.value("SHOW data_directory"));
            return Long.parseLong(Files.readAllLines(dir.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void say(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
        System.out.flush();
    }
}
