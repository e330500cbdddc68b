package dev.ownership.demo;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.cluster.LocalControlPlane;
import dev.ownership.operator.Action;
import dev.ownership.operator.JobNames;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.javaoperatorsdk.operator.Operator;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The operator's demo on one machine: an embedded PostgreSQL with a database per scenario, the local control
 * plane with its process node, the CRD, the operator in this process, and the examples applied with their
 * Secrets pointed at those databases. Everything it started stops on {@link #close()}, also from a shutdown
 * hook (Ctrl-C).
 */
public final class ClusterDemo implements AutoCloseable {
    public static final String NAMESPACE = "ownership-demo";
    private static final String CRD = "ownershipmigrations.ownership.dev";
    /** The embedded server trusts local connections: the Secrets' password is never checked. */
    private static final String PASSWORD = "unused-the-embedded-server-trusts-local-connections";

    private final PrintWriter out;
    private final Path workDir;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Thread shutdownHook = new Thread(this::close, "ownership-demo-stop");
    private final Map<DemoScenario, String> databases = new LinkedHashMap<>();
    private DemoDatabases postgres;
    private LocalControlPlane cluster;
    private KubernetesClient client;

    public ClusterDemo(PrintWriter out, Path workDir) {
        this.out = out;
        this.workDir = workDir;
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A database per scenario, loaded with its schema and data. */
    public void startDatabases(int videos) throws Exception {
        postgres = remember(DemoDatabases.start());
        println("PostgreSQL is running on port " + postgres.port() + " (user " + DemoDatabases.USER + ", no password).");
        for (DemoScenario scenario : DemoScenario.values()) {
            databases.put(scenario, postgres.load(scenario, videos));
            println("  database " + DemoDatabases.database(scenario) + ": the schema and data of examples/"
                    + scenario.example() + ".yaml" + (scenario == DemoScenario.VIDEOS ? " (" + videos + " videos)" : ""));
        }
    }

    /** The control plane, its node running the migrator image as this program, and the CRD. */
    public void startCluster(String migratorImage, List<String> migratorCommand) throws Exception {
        cluster = remember(new LocalControlPlane(workDir));
        cluster.start();
        cluster.mapImage(migratorImage, migratorCommand);
        client = remember(new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build());
        println("Kubernetes is running: API server " + client.getMasterUrl() + ", work directory " + workDir);
        try (InputStream crd = ClusterDemo.class.getResourceAsStream("/dev/ownership/demo/crds/" + CRD + "-v1.yml")) {
            client.load(crd).forceConflicts().serverSideApply();
        }
        client.resources(CustomResourceDefinition.class).withName(CRD)
                .waitUntilCondition(ClusterDemo::established, 60, TimeUnit.SECONDS);
        println("Installed the CRD " + CRD + "; migrator pods (image " + migratorImage + ") run "
                + String.join(" ", migratorCommand));
    }

    /** The API server serves the CRD's resources (its status and conditions may not be there yet). */
    private static boolean established(CustomResourceDefinition crd) {
        return crd != null && crd.getStatus() != null && crd.getStatus().getConditions() != null
                && crd.getStatus().getConditions().stream()
                .anyMatch(c -> "Established".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /**
     * Starts the operator against the demo's cluster. Its client is made on first use, from the kubeconfig
     * the system property names (which Fabric8 reads before KUBECONFIG): so the operator is looked up after.
     */
    public void startOperator(Supplier<Operator> lookup) {
        System.setProperty("kubeconfig", cluster.kubeconfigFile().toAbsolutePath().toString());
        Operator operator = lookup.get();
        String target = operator.getKubernetesClient().getMasterUrl().toString();
        if (!target.equals(client.getMasterUrl().toString())) {
            throw new IllegalStateException("The operator's client was made before the demo's cluster started: it talks to "
                    + target + ", not " + client.getMasterUrl());
        }
        operator.start();
        remember(operator::stop);
        println("The operator is running in this process, watching all namespaces.");
    }

    /** Applies every example into the demo's namespace, each Secret pointed at the scenario's database. */
    public void applyExamples() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE).endMetadata().build())
                .serverSideApply();
        databases.forEach((scenario, jdbcUrl) -> {
            List<String> applied = new ArrayList<>();
            for (GenericKubernetesResource resource : ExampleResources.parse(scenario.exampleYaml())) {
                HasMetadata pointed = ExampleResources.pointedAt(resource, jdbcUrl, DemoDatabases.USER, PASSWORD);
                client.resource(pointed).inNamespace(NAMESPACE).forceConflicts().serverSideApply();
                applied.add(resource.getKind() + " " + resource.getMetadata().getName());
            }
            println("Applied examples/" + scenario.example() + ".yaml: " + String.join(", ", applied)
                    + " (its Secret points at " + jdbcUrl + ")");
        });
    }

    /** Streams the migrations' status; whether all became Ready in time. */
    public boolean awaitReady(Duration timeout) throws InterruptedException {
        List<String> names = databases.keySet().stream().map(DemoScenario::example).toList();
        println("\nStatus of the OwnershipMigrations in namespace " + NAMESPACE + ":");
        long startedAt = System.nanoTime();
        try {
            boolean ready = StatusStream.awaitReady(client, NAMESPACE, names, out, timeout);
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedAt);
            println(ready ? "All " + names.size() + " examples are Ready (" + seconds + " s)."
                    : "A migration is Stalled: see its conditions and its pods' logs below.");
            return ready;
        } catch (TimeoutException e) {
            println("Not all examples were Ready after " + timeout.toMinutes() + " min.");
            return false;
        } finally {
            printSummary();
        }
    }

    /**
     * What {@code kubectl get om} shows (the CRD's printer columns), and the end of the photos' apply Job's log, as
     * the cluster's own kubectl prints them.
     */
    private void printSummary() throws InterruptedException {
        printKubectl("get", "om");
        Optional<String> job = applyJob(DemoScenario.PHOTOS);
        if (job.isPresent()) {
            printKubectl("logs", "job/" + job.get(), "--tail=3");
        }
    }

    /** The name of the Job that applies this scenario's migration, once the operator made it. */
    private Optional<String> applyJob(DemoScenario scenario) {
        return Optional.ofNullable(client.resources(OwnershipMigration.class).inNamespace(NAMESPACE)
                .withName(scenario.example()).get()).map(om -> JobNames.of(om, Action.APPLY));
    }

    private void printKubectl(String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of(cluster.kubectl().toString(), "--kubeconfig",
                cluster.kubeconfigFile().toAbsolutePath().toString(), "-n", NAMESPACE));
        command.addAll(List.of(args));
        println("\n$ kubectl -n " + NAMESPACE + " " + String.join(" ", args));
        try {
            Process kubectl = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(kubectl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            kubectl.waitFor();
            output.lines().forEach(this::println);
        } catch (IOException e) {
            println("(kubectl did not run: " + e.getMessage() + ")");
        }
    }

    public void printLookAround(String program) {
        Path kubectl = cluster.kubectl();
        String psql = "psql -h localhost -p " + postgres.port() + " -U " + DemoDatabases.USER + " -d ";
        println("\nKUBECONFIG=" + cluster.kubeconfigFile().toAbsolutePath());
        println("kubectl: " + kubectl);
        println("\nLook around (in another terminal):");
        println("  export KUBECONFIG=" + cluster.kubeconfigFile().toAbsolutePath() + " PATH=" + kubectl.getParent() + ":$PATH");
        println("  kubectl -n " + NAMESPACE + " get ownershipmigrations          # om for short: age, ready, phase, progress");
        println("  kubectl -n " + NAMESPACE + " describe om photos-owner");
        println("  kubectl -n " + NAMESPACE + " get om videos-owner -o yaml       # conditions, plan hash, progress");
        println("  kubectl -n " + NAMESPACE + " get jobs,pods,events");
        applyJob(DemoScenario.VIDEOS).ifPresent(job ->
                println("  kubectl -n " + NAMESPACE + " logs job/" + job + "   # the migrator's output; -f follows it"));
        println("  " + psql + DemoDatabases.database(DemoScenario.VIDEOS) + " -c '\\d videos'");
        println("  " + program + " migrate verify -f examples/photos-owner.yaml --jdbc-url "
                + databases.get(DemoScenario.PHOTOS) + " --username " + DemoDatabases.USER);
    }

    private <T extends AutoCloseable> T remember(T resource) {
        started.push(resource);
        return resource;
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }

    /** Stops what it started, newest first: the operator, the cluster (its pods too), then PostgreSQL. */
    @Override
    public synchronized void close() {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.err.println("While stopping the demo: " + e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // already shutting down: this is the hook
        }
    }
}
