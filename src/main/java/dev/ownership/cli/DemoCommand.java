package dev.ownership.cli;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.cluster.ControlPlaneBinaries;
import dev.ownership.demo.ClusterDemo;
import dev.ownership.demo.DemoDatabases;
import dev.ownership.demo.DemoScenario;
import dev.ownership.engine.DatabaseConnector;
import dev.ownership.engine.OwnershipEngine;
import dev.ownership.engine.VerifyReport;
import dev.ownership.engine.model.MigrationSpec;
import io.javaoperatorsdk.operator.Operator;
import io.quarkus.runtime.Quarkus;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.File;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * Everything on one machine, nothing to install but the control plane's binaries: the operator reconciling
 * the examples of examples/ against an embedded PostgreSQL. With --no-cluster, the engine alone: plan, apply
 * and verify of the first example in this process.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Start an embedded PostgreSQL with a database per example of examples/, a local Kubernetes"
                + " control plane with a node that runs pods as processes, and the operator; apply the examples,"
                + " stream their status until Ready, print how to look around, and keep it all running until Ctrl-C.",
                "With --no-cluster: plan, apply and verify the first seed's migration in this process instead."})
public class DemoCommand implements Callable<Integer> {
    private static final String PROGRAM = "java -jar target/quarkus-app/quarkus-run.jar";

    @Option(names = "--videos", defaultValue = "100000", description = "Videos of the first seed (default: ${DEFAULT-VALUE}).")
    int videos;

    @Option(names = "--exit", description = "Stop everything once the examples are Ready (with --no-cluster: after"
            + " verify) instead of waiting for Ctrl-C.")
    boolean exit;

    @Option(names = "--no-cluster", description = "Without Kubernetes: the engine alone, for machines without the"
            + " control plane's binaries.")
    boolean noCluster;

    @Option(names = "--work-dir", description = "Where the cluster keeps its kubeconfig and logs (default: a new"
            + " temporary directory).")
    Optional<Path> workDir;

    @Option(names = "--timeout-minutes", defaultValue = "15", description = "How long the examples may take to become"
            + " Ready (default: ${DEFAULT-VALUE}).")
    int timeoutMinutes;

    @Spec
    CommandSpec command;

    /**
     * Looked up only once the demo's cluster is up: picocli makes this command at every start (it has options),
     * and making the operator's proxy makes a Kubernetes client, which the other commands must not pay for.
     */
    @Inject
    Instance<Operator> operator;

    @ConfigProperty(name = "ownership.operator.migrator-image")
    String migratorImage;

    @Override
    public Integer call() throws Exception {
        return noCluster ? engineOnly() : cluster();
    }

    private int cluster() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        PrintWriter err = command.commandLine().getErr();
        Optional<String> missing = ControlPlaneBinaries.pinned().missing();
        if (missing.isPresent()) {
            err.println(missing.get() + "; or run `demo --no-cluster` for the demo without Kubernetes.");
            return ExitCodes.FAILED;
        }
        Optional<Path> jar = ownJar();
        if (jar.isEmpty()) {
            err.println("The demo's migrator pods run this program's jar: start it as " + PROGRAM + " demo.");
            return ExitCodes.FAILED;
        }
        // the pods run in their own directories: a relative work directory would not lead them to their kubeconfig
        Path dir = workDir.isPresent() ? Files.createDirectories(workDir.get().toAbsolutePath()) : Files.createTempDirectory("ownership-demo-");
        try (ClusterDemo demo = new ClusterDemo(out, dir)) {
            demo.startDatabases(videos);
            demo.startCluster(migratorImage, List.of(java(), "-jar", jar.get().toString()));
            demo.startOperator(operator::get);
            demo.applyExamples();
            boolean ready = demo.awaitReady(Duration.ofMinutes(timeoutMinutes));
            demo.printLookAround(PROGRAM);
            if (!exit) {
                out.println("\nPress Ctrl-C to stop everything (operator, cluster, pods, PostgreSQL).");
                out.flush();
                Quarkus.waitForExit();
            }
            return ready ? ExitCodes.OK : ExitCodes.FAILED;
        }
    }

    /** The first example, planned, applied and verified by the engine in this process. */
    private int engineOnly() throws Exception {
        PrintWriter out = command.commandLine().getOut();
        try (DemoDatabases postgres = DemoDatabases.start()) {
            String url = postgres.load(DemoScenario.VIDEOS, videos);
            out.println("PostgreSQL is running: " + url + " (user postgres, no password)");
            out.println("Loaded the first seed: 2 users, 30 bookmark lists, " + videos + " videos without owner.");
            Path spec = Files.createTempFile("videos-owner-", ".yaml");
            Files.writeString(spec, DemoScenario.VIDEOS.exampleYaml());
            MigrationSpec migration = MigrationDocumentReader.read(spec);
            OwnershipEngine engine = new OwnershipEngine(new DatabaseConnector(url, Optional.of(DemoDatabases.USER),
                    Optional.empty()));
            Output output = new Output(out, MigrateOptions.OutputFormat.text);

            out.println("\n== migrate plan ==");
            output.plan(engine.plan(migration));
            out.println("\n== migrate apply --yes ==");
            try (ProgressReporter progress = ProgressReporter.forConsole(command.commandLine().getErr())) {
                output.result(engine.apply(migration, progress));
            }
            out.println("\n== migrate verify ==");
            VerifyReport report = engine.verify(migration);
            output.verify(report);

            String cli = PROGRAM + " migrate";
            out.println("\nLook around:");
            out.println("  " + cli + " verify -f " + spec + " --jdbc-url " + url + " --username postgres");
            out.println("  " + cli + " revert -f " + spec + " --jdbc-url " + url + " --username postgres --yes");
            out.println("  psql -h localhost -p " + postgres.port() + " -U postgres -d "
                    + DemoDatabases.database(DemoScenario.VIDEOS) + " -c '\\d videos'");
            out.flush();
            if (!exit) {
                out.println("Press Ctrl-C to stop the database.");
                out.flush();
                Quarkus.waitForExit();
            }
            return report.ok() ? ExitCodes.OK : ExitCodes.VERIFY_PROBLEMS;
        }
    }

    /** The jar this process runs, when it was started as java -jar (the Quarkus launcher is the class path). */
    private static Optional<Path> ownJar() {
        String classPath = System.getProperty("java.class.path", "");
        return classPath.endsWith(".jar") && !classPath.contains(File.pathSeparator)
                ? Optional.of(Path.of(classPath).toAbsolutePath()) : Optional.empty();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
