package dev.ownership.operator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged operator as a process of its own, as a Deployment would run it; its log under target/. */
final class OperatorProcess implements AutoCloseable {
    static final String MIGRATOR_IMAGE = "ownership-operator:test";

    private final Process process;
    private final Path log;

    private OperatorProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static OperatorProcess start(String kubeconfig, String name) throws IOException {
        return start(kubeconfig, name, Map.of());
    }

    /** @param env more environment, as a Deployment's container would have */
    static OperatorProcess start(String kubeconfig, String name, Map<String, String> env) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "operator-logs"));
        Path config = Files.writeString(dir.resolve(name + ".kubeconfig"), kubeconfig);
        Path log = dir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Downership.operator.migrator-image=" + MIGRATOR_IMAGE,
                "-Dquarkus.log.category.\"io.javaoperatorsdk\".level=" + System.getProperty("operator.log.level", "INFO"),
                "-Dquarkus.http.host-enabled=true", "-Dquarkus.http.port=0",
                "-jar", appJar(), "operator"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().put("KUBECONFIG", config.toAbsolutePath().toString());
        builder.environment().putAll(env);
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

    /** Dies at once, as on a node failure: no shutdown, the Lease is not given back. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
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
