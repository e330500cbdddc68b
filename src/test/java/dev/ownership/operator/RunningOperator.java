package dev.ownership.operator;

import dev.ownership.testing.kube.SharedCluster;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An operator process for the tests of one class ({@code @RegisterExtension static}): the CRD installed and
 * the operator started before them, stopped after them.
 */
final class RunningOperator implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private OperatorProcess process;

    /** @param name names its kubeconfig and log under target/operator-logs */
    RunningOperator(String name) {
        this.name = name;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        process = OperatorProcess.installAndStart(SharedCluster.get().cluster(), name);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        process.close();
    }
}
