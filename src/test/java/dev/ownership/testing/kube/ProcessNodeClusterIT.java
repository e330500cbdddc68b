package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a node does for pods: reports itself, runs them, kills them when they are deleted. */
@ClusterTest
class ProcessNodeClusterIT {

  private static final String HOLD = "test.ownership.dev/hold";

  @Test
  void nodeIsReadyWithCapacity(KubernetesClient client) {
    List<Node> nodes = client.nodes().list().getItems();

    assertThat(nodes).anySatisfy(node -> {
      assertThat(node.getStatus().getConditions())
          .anySatisfy(c -> assertThat(c.getType() + "=" + c.getStatus()).isEqualTo("Ready=True"));
      assertThat(node.getStatus().getCapacity()).containsKeys("cpu", "memory", "pods");
    });
  }

  @Test
  void deletingAPodKillsItsProcess(TestNamespace namespace) {
    // a finalizer keeps the deleted pod readable, to see what the node reported
    var pods = namespace.client().pods();
    pods.resource(new PodBuilder(busybox("sleeper", "sleep 300")).editMetadata().addToFinalizers(HOLD).endMetadata()
        .build()).create();
    Pod running = pods.withName("sleeper").waitUntilCondition(p -> container(p).map(c -> c.getState().getRunning() != null)
        .orElse(false), 60, TimeUnit.SECONDS);
    Optional<ProcessHandle> process = processOf(container(running).orElseThrow());

    pods.withName("sleeper").withGracePeriod(5).delete();

    Pod stopped = pods.withName("sleeper").waitUntilCondition(p -> "Failed".equals(p.getStatus().getPhase()), 30,
        TimeUnit.SECONDS);
    assertThat(container(stopped).orElseThrow().getState().getTerminated().getExitCode()).isIn(137, 143);
    process.ifPresent(p -> assertThat(p.isAlive()).as("process of the deleted pod").isFalse());
    pods.withName("sleeper").unlock()
        .edit(p -> new PodBuilder(p).editMetadata().removeFromFinalizers(HOLD).endMetadata().build());
    pods.withName("sleeper").waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
  }

  @Test
  void podOfAnUnknownImageWaitsForIt(TestNamespace namespace) {
    namespace.client().pods().resource(new PodBuilder(busybox("unknown", "true")).editSpec().editFirstContainer()
        .withImage("registry.invalid/nothing:1").endContainer().endSpec().build()).create();

    Pod waiting = namespace.client().pods().withName("unknown").waitUntilCondition(p -> container(p)
        .map(c -> c.getState().getWaiting() != null && c.getState().getWaiting().getReason().contains("ImagePull"))
        .orElse(false), 120, TimeUnit.SECONDS);

    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
  }

  /** Only where pods are local processes: the test's own classes are the pod's program. */
  @Test
  void inPodFabric8ClientActsAsThePodsServiceAccount(TestNamespace namespace, KubeCluster cluster) {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    cluster.mapImage("in-pod-client", List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), InPodClient.class.getName()));
    KubernetesClient admin = namespace.client();
    admin.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("writer").endMetadata()
        .build()).create();
    admin.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName("write-configmaps").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("create").endRule().build()).create();
    admin.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata().withName("writer").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "write-configmaps")
        .addNewSubject().withKind("ServiceAccount").withName("writer").withNamespace(namespace.name()).endSubject()
        .build()).create();

    admin.pods().resource(new PodBuilder()
        .withNewMetadata().withName("client").endMetadata()
        .withNewSpec().withRestartPolicy("Never").withServiceAccountName("writer")
        .addNewContainer().withName("main").withImage("in-pod-client:latest").withArgs("/dev/termination-log").endContainer()
        .endSpec().build()).create();

    Pod done = admin.pods().withName("client").waitUntilCondition(p -> p.getStatus() != null
        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()), 120, TimeUnit.SECONDS);
    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(container(done).orElseThrow().getState().getTerminated().getMessage()).isEqualTo("secrets: 403");
    assertThat(admin.configMaps().withName("from-pod").get().getData()).containsEntry("namespace", namespace.name());
  }

  private static Pod busybox(String name, String script) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox:1.37").withCommand("sh", "-c", script).endContainer()
        .endSpec()
        .build();
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    return pod == null || pod.getStatus() == null ? Optional.empty()
        : pod.getStatus().getContainerStatuses().stream().findFirst();
  }

  /** The process behind a container of the process node; none elsewhere. */
  private static Optional<ProcessHandle> processOf(ContainerStatus container) {
    String id = Objects.requireNonNullElse(container.getContainerID(), "");
    return id.startsWith("process://") ? ProcessHandle.of(Long.parseLong(id.substring("process://".length())))
        : Optional.empty();
  }
}
