package dev.ownership.bench;

import dev.ownership.testing.pg.TestDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

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

    /** Runner names and what runs: naive or the engine; "-alone" without the application. */
    static final Map<String, Supplier<Migration>> RUNNERS = new LinkedHashMap<>();

    static {
        RUNNERS.put("naive", NaiveMigration::new);
        RUNNERS.put("naive-alone", NaiveMigration::new);
        RUNNERS.put("engine", () -> new EngineMigration("engine", ""));
        RUNNERS.put("engine-alone", () -> new EngineMigration("engine", ""));
        RUNNERS.put("engine-p2", () -> new EngineMigration("engine, parallelism 2", "parallelism: 2"));
        RUNNERS.put("engine-key", () -> new EngineMigration("engine, key order", "backfillOrder: Key"));
        RUNNERS.put("engine-pages", () -> new EngineMigration("engine, page order", "backfillOrder: Pages"));
        RUNNERS.put("engine-jvm", ProcessEngineMigration::new);
    }

    public static void main(String[] args) throws IOException {
        List<Long> sizes = Arrays.stream((args.length > 0 ? args[0] : "1000000").split(","))
                .map(a -> Long.parseLong(a.trim().replace("_", ""))).toList();
        Path out = Path.of(args.length > 1 ? args[1] : "docs/benchmarks.md");
        List<Scenario> scenarios = Arrays.stream(System.getProperty("bench.scenarios",
                        "DEFAULT_OWNER,FROM_PARENT,EXISTING_COLUMN").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).map(Scenario::valueOf).toList();
        List<String> runners = Arrays.stream(System.getProperty("bench.runners", "naive,naive-alone,engine")
                .split(",")).map(String::trim).filter(RUNNERS::containsKey).toList();
        int repeat = Integer.getInteger("bench.repeat", 1);
        long baselineMillis = Long.getLong("bench.baselineSeconds", 15) * 1000;
        Instant started = Instant.now();
        List<Trial> trials = new ArrayList<>();
        Map<String, Duration> loadTimes = new LinkedHashMap<>();
        say("warming up (both runners once on a small table, not reported)");
        Workload small = Workload.load(2_000, message -> { });
        for (Migration m : List.of(new NaiveMigration(), new EngineMigration("engine", ""))) {
            m.run(small.copy("warmup"), small, Scenario.FROM_PARENT);
        }
        List<String> serverFacts = Report.serverFacts(small.admin());
        String otherLoad;
        double otherCores;
        try (MachineLoad load = new MachineLoad(postmasterPid(small.admin()))) {
            for (long rows : sizes) {
                // each layout is loaded just before its first scenario and dropped after its last, so the
                // migrations of a scenario find the same cache, whatever other layouts the run has
                Map<Workload.Shape, Workload> workloads = new LinkedHashMap<>();
                boolean baselineTaken = false;
                for (int i = 0; i < scenarios.size(); i++) {
                    Scenario scenario = scenarios.get(i);
                    Workload workload = workloads.get(scenario.shape);
                    if (workload == null) {
                        say("loading " + rows + " videos (" + scenario.shape.label + ") into a template database");
                        long t0 = System.nanoTime();
                        workload = Workload.load(rows, scenario.shape, Benchmark::say);
                        workload.replica().ifPresent(r -> r.dataDirectories()
                                .forEach(d -> load.adopt(postmasterPid(d))));
                        workloads.put(scenario.shape, workload);
                        Duration took = Duration.ofNanos(System.nanoTime() - t0);
                        loadTimes.put(String.format("%,d rows, %s", rows, scenario.shape.label), took);
                        say("loaded in " + took.toSeconds() + " s");
                    }
                    if (!baselineTaken) {
                        say("baseline: the application alone for " + baselineMillis / 1000 + " s");
                        trials.add(log(Trial.baseline(workload, scenario, baselineMillis, load)));
                        baselineTaken = true;
                    }
                    for (int round = 1; round <= repeat; round++) {
                        for (String runner : runners) {
                            boolean alone = runner.endsWith("-alone");
                            Migration migration = RUNNERS.get(runner).get();
                            say(String.format("%,d rows, %s: %s%s%s", rows, scenario.label, migration.name(),
                                    alone ? Trial.ALONE : "", repeat > 1 ? " (round " + round + " of " + repeat + ")"
                                            : ""));
                            trials.add(log(Trial.run(workload, scenario, migration, !alone, load)));
                        }
                    }
                    Workload.Shape shape = scenario.shape;
                    if (scenarios.subList(i + 1, scenarios.size()).stream().noneMatch(s -> s.shape == shape)) {
                        workload.dropTemplate();
                    }
                }
            }
            load.close();
            otherLoad = load.summary();
            otherCores = load.averageOtherCores();
        }
        new Report(sizes, started, System.getProperty("bench.command", "bench/run.sh"), loadTimes, serverFacts)
                .write(out, trials, otherLoad, otherCores);
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
        return postmasterPid(Path.of(db.value("SHOW data_directory")));
    }

    private static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static void say(String message) {
        System.out.println("[bench " + Instant.now().toString().substring(11, 19) + "] " + message);
        System.out.flush();
    }
}
