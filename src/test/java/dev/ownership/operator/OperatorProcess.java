package dev.ownership.operator;

import dev.ownership.testing.kube.KubeCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The packaged operator as a process of its own, as a Deployment would run it; its log under target/. */
final class OperatorProcess implements AutoCloseable {
    static final String MIGRATOR_IMAGE = "ownership-operator:test";
    static final String CRD = "crds/ownershipmigrations.ownership.dev-v1.yml";

    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Installs the CRD from crds/, lets the cluster run the migrator image, and starts an operator on it. */
    static OperatorProcess installAndStart(KubeCluster cluster, String name) throws IOException {
        try (KubernetesClient admin = admin(cluster); var crd = new FileInputStream(CRD)) {
            admin.load(crd).serverSideApply();
        }
        cluster.mapImage(MIGRATOR_IMAGE, List.of(java(), "-jar", appJar()));
        return start(cluster.kubeconfig(), name);
    }

    static KubernetesClient admin(KubeCluster cluster) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build();
    }

    static OperatorProcess start(String kubeconfig, String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "operator-logs"));
        Path config = Files.writeString(dir.resolve(name + ".kubeconfig"), kubeconfig);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Downership.operator.migrator-image=" + MIGRATOR_IMAGE,
                "-Dquarkus.log.category.\"io.javaoperatorsdk\".level=" + System.getProperty("operator.log.level", "INFO"),
                "-Dquarkus.http.host-enabled=true", "-Dquarkus.http.port=0",
                "-jar", appJar(), "operator"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KUBECONFIG", config.toAbsolutePath().toString());
        return new OperatorProcess(builder.start(), log);
    }

    static String appJar() {
        return Path.of(System.getProperty("app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath().toString();
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Stops it as Kubernetes stops a pod: SIGTERM, then SIGKILL after a grace period. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
