package dev.ownership.operator;

import dev.ownership.testing.kube.KubeCluster;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The CRD from crds/, the operator's identity from the generated RBAC, and the packaged operator running
 * under it; the migrator image maps to the same jar. Can be stopped and started again, as a rollout would.
 */
final class RunningOperator implements AutoCloseable {
    private final KubernetesClient admin;
    private final OperatorIdentity identity;
    private OperatorProcess process;
    private int starts;

    private RunningOperator(KubernetesClient admin, OperatorIdentity identity) {
        this.admin = admin;
        this.identity = identity;
    }

    static RunningOperator start(KubeCluster cluster) throws IOException {
        RunningOperator operator = install(cluster);
        operator.startProcess();
        return operator;
    }

    /** The CRD and the identity, without a process: for tests that start replicas of their own. */
    static RunningOperator install(KubeCluster cluster) throws IOException {
        KubernetesClient admin = admin(cluster);
        try (InputStream crd = new FileInputStream("crds/ownershipmigrations.ownership.dev-v1.yml")) {
            // forced: whoever created the CRD before in this shared cluster (Helm, deploy/) owns its fields
            admin.load(crd).forceConflicts().serverSideApply();
        }
        cluster.mapImage(OperatorProcess.MIGRATOR_IMAGE, List.of(OperatorProcess.java(), "-jar", OperatorProcess.appJar()));
        return new RunningOperator(admin, OperatorIdentity.create(admin));
    }

    /** A replica with leader election, as the chart runs it with replicaCount > 1; HOSTNAME is its identity. */
    OperatorProcess replica(String name) throws IOException {
        return OperatorProcess.start(identity.kubeconfig(), name, Map.of("OWNERSHIP_LEADER_ELECTION_ENABLED", "true",
                "POD_NAMESPACE", identity.namespace(), "HOSTNAME", name));
    }

    String namespace() {
        return identity.namespace();
    }

    static KubernetesClient admin(KubeCluster cluster) {
        return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build();
    }

    /** Stops the operator as Kubernetes stops a pod (SIGTERM) and starts a new one. */
    void restart() throws Exception {
        process.close();
        startProcess();
    }

    void stop() throws InterruptedException {
        process.close();
    }

    void startProcess() throws IOException {
        process = OperatorProcess.start(identity.kubeconfig(), "operator-" + ProcessHandle.current().pid() + "-" + ++starts);
    }

    String log() throws IOException {
        return process.log();
    }

    @Override
    public void close() throws Exception {
        if (process != null) {
            process.close();
        }
        identity.close();
        admin.close();
    }
}
