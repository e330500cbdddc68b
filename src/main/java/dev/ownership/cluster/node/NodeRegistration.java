package dev.ownership.cluster.node;

import com.sun.management.OperatingSystemMXBean;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The node's API object: this machine's capacity, and Ready. */
final class NodeRegistration {

  private NodeRegistration() {
  }

  /** @param kubeletPort where the node serves the kubelet's API (container logs) over TLS */
  static void register(KubernetesClient client, String name, int kubeletPort) {
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    client.nodes().resource(new NodeBuilder()
        .withNewMetadata()
        .withName(name)
        .withLabels(Map.of("kubernetes.io/hostname", name, "kubernetes.io/os", "linux", "kubernetes.io/arch", arch))
        .endMetadata()
        .build()).create();
    // The TaintNodesByCondition admission plugin taints a new node not-ready; the node lifecycle
    // controller, not run here, would lift the taint once the node reports Ready.
    client.nodes().withName(name).edit(node -> new NodeBuilder(node).editSpec().withTaints(List.of()).endSpec().build());

    var memory = ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getTotalMemorySize();
    Map<String, Quantity> capacity = Map.of(
        "cpu", new Quantity(String.valueOf(Runtime.getRuntime().availableProcessors())),
        "memory", new Quantity(String.valueOf(memory)),
        "pods", new Quantity("110"));
    String version = client.getKubernetesVersion().getGitVersion();
    client.nodes().withName(name).editStatus(node -> new NodeBuilder(node)
        .editStatus()
        .withCapacity(capacity)
        .withAllocatable(capacity)
        .withConditions(condition("Ready", "True", "KubeletReady"),
            condition("MemoryPressure", "False", "KubeletHasSufficientMemory"),
            condition("DiskPressure", "False", "KubeletHasNoDiskPressure"),
            condition("PIDPressure", "False", "KubeletHasSufficientPID"))
        .addNewAddress().withType("InternalIP").withAddress(ProcessNode.ADDRESS).endAddress()
        .addNewAddress().withType("Hostname").withAddress(name).endAddress()
        .withNewDaemonEndpoints().withNewKubeletEndpoint().withPort(kubeletPort).endKubeletEndpoint().endDaemonEndpoints()
        .withNewNodeInfo()
        .withOperatingSystem("linux")
        .withArchitecture(arch)
        .withKubeletVersion(version)
        .withContainerRuntimeVersion("process://java-" + Runtime.version())
        .endNodeInfo()
        .endStatus()
        .build());
  }

  private static NodeCondition condition(String type, String status, String reason) {
    String now = Instant.now().toString();
    return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason)
        .withLastHeartbeatTime(now).withLastTransitionTime(now).build();
  }
}
