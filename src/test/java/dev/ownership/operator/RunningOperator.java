package dev.ownership.operator;

import dev.ownership.testing.kube.KubeCluster;
import dev.ownership.testing.kube.SharedCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * For the tests of one class ({@code @RegisterExtension static}): the CRD from crds/, the operator's
 * identity from the generated RBAC, and the packaged operator running under it; the migrator image maps
 * to the same jar. It can be stopped and started again, as a rollout would; or left to the test, which
 * starts replicas of its own.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {
    private final boolean start;
    private final Map<String, String> env;
    private KubernetesClient admin;
    private OperatorIdentity identity;
    private OperatorProcess process;
    private int starts;

    private RunningOperator(boolean start, Map<String, String> env) {
        this.start = start;
        this.env = env;
    }

    /** Installed and started before the class's tests, stopped and uninstalled after them. */
    static RunningOperator started() {
        return started(Map.of());
    }

    /** @param env the operator's settings, as the Deployment's environment gives them */
    static RunningOperator started(Map<String, String> env) {
        return new RunningOperator(true, env);
    }

    /** Installed only: the tests start {@link #replica}s. */
    static RunningOperator installed() {
        return new RunningOperator(false, Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws IOException {
        KubeCluster cluster = SharedCluster.get().cluster();
        admin = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build();
        try (InputStream crd = new FileInputStream("crds/ownershipmigrations.ownership.dev-v1.yml")) {
            // forced: whoever created the CRD before in this shared cluster (Helm, deploy/) owns its fields
            admin.load(crd).forceConflicts().serverSideApply();
        }
        cluster.mapImage(OperatorProcess.MIGRATOR_IMAGE, List.of(OperatorProcess.java(), "-jar", OperatorProcess.appJar()));
        identity = OperatorIdentity.create(admin);
        if (start) {
            startProcess();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (process != null) {
            process.close();
        }
        identity.close();
        admin.close();
    }

    /** Stops the operator as Kubernetes stops a pod (SIGTERM) and starts a new one. */
    void restart() throws Exception {
        process.close();
        startProcess();
    }

    /** A replica with leader election, as the chart runs it with replicaCount > 1; HOSTNAME is its identity. */
    OperatorProcess replica(String name) throws IOException {
        return OperatorProcess.start(identity.kubeconfig(), name, Map.of("OWNERSHIP_LEADER_ELECTION_ENABLED", "true",
                "POD_NAMESPACE", identity.namespace(), "HOSTNAME", name));
    }

    String namespace() {
        return identity.namespace();
    }

    String log() throws IOException {
        return process.log();
    }

    private void startProcess() throws IOException {
        process = OperatorProcess.start(identity.kubeconfig(), "operator-" + ProcessHandle.current().pid() + "-" + ++starts,
                env);
    }
}
