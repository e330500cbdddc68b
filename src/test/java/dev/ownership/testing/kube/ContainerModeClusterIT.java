package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ownership.testing.images.BusyboxImage;
import dev.ownership.testing.images.ImageArchiveWriter.Format;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The process node's container mode: pods of an image the node has as an archive run in real
 * containers (runc), as their specs say. The image is busybox (see {@link BusyboxImage}): root by
 * default, entrypoint {@code sh -c}.
 */
@ClusterTest
class ContainerModeClusterIT {

  private static final String DOCKER_IMAGE = "test.ownership.dev/busybox-docker:1";
  private static final String OCI_IMAGE = "test.ownership.dev/busybox-oci:1";
  private static final String HOLD = "test.ownership.dev/hold";
  private static final Path IMAGES = Path.of("target", "test-images");

  @Test
  void containerRunsItsCommandAsTheGivenUserWithEnvironmentAndServiceAccount(TestNamespace namespace,
      KubeCluster cluster) throws IOException {
    register(cluster);
    namespace.client().secrets().resource(new SecretBuilder().withNewMetadata().withName("db").endMetadata()
        .withStringData(Map.of("password", "s3cret")).build()).create();
    // $$$$: Kubernetes makes $$ of it, as it does with every $(VAR) reference in args
    String script = "echo \"pid=$$$$ uid=$(id -u) pwd=$(pwd) $GREETING $PASSWORD $" + BusyboxImage.IMAGE_VARIABLE + "\";"
        + " cat /var/run/secrets/kubernetes.io/serviceaccount/namespace; echo;"
        + " test -s /var/run/secrets/kubernetes.io/serviceaccount/token && echo token readable;"
        + " test -s /var/run/secrets/kubernetes.io/serviceaccount/ca.crt && echo ca readable;"
        + " echo api=$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT;"
        // the pods' directory is certainly on the host (the pod's sandbox is in it)
        + " test -e " + NodeFiles.namespace(namespace.name()).toAbsolutePath() + " || echo own root";

    Pod done = run(namespace, pod("env", DOCKER_IMAGE, container -> container.withArgs(script).withWorkingDir("/tmp")
        .addNewEnv().withName("GREETING").withValue("hello").endEnv()
        .addNewEnv().withName("PASSWORD").withNewValueFrom().withNewSecretKeyRef("password", "db", false)
        .endValueFrom().endEnv()
        .withNewSecurityContext().withRunAsUser(185L).endSecurityContext()));

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(Files.readAllLines(NodeFiles.log(done, "main"))).containsExactly(
        "pid=1 uid=185 pwd=/tmp hello s3cret from-image",
        namespace.name(),
        "token readable",
        "ca readable",
        "api=127.0.0.1:" + cluster.kubeconfig().lines().filter(line -> line.strip().startsWith("server:"))
            .map(line -> line.substring(line.lastIndexOf(':') + 1).strip()).findFirst().orElseThrow(),
        "own root");
    assertThat(NodeFiles.bundles(done, "main")).singleElement().satisfies(config -> {
      assertThat(mode(config.getParent().getParent())).as("bundles/").isEqualTo("rwx------");
      assertThat(mode(config)).as("config.json, with the secret in its env").isEqualTo("rw-------");
      try (Stream<Path> files = Files.list(config.getParent())) {
        assertThat(files.map(file -> file.getFileName().toString()))
            .as("the bundle once the container has exited: its root unmounted and gone")
            .isSubsetOf("config.json", "runc.log");
      }
    });
  }

  private static String mode(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void imageCmdRunsWhenThePodGivesNoCommandNorArgs(TestNamespace namespace, KubeCluster cluster) throws IOException {
    register(cluster);

    Pod done = run(namespace, pod("defaults", OCI_IMAGE, UnaryOperator.identity()));

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(NodeFiles.log(done, "main")).hasContent("from the image");
    assertThat(namespace.client().pods().withName("defaults").getLog()).as("pods/log, as kubectl logs reads it")
        .isEqualTo("from the image\n");
  }

  @Test
  void runAsNonRootRefusesAnImageThatRunsAsRoot(TestNamespace namespace, KubeCluster cluster) throws IOException {
    register(cluster);
    namespace.client().pods().resource(pod("root", DOCKER_IMAGE, container -> container.withArgs("echo ran")
        .withNewSecurityContext().withRunAsNonRoot(true).endSecurityContext())).create();

    Pod waiting = namespace.client().pods().withName("root").waitUntilCondition(p -> container(p)
        .map(c -> c.getState().getWaiting() != null).orElse(false), 60, TimeUnit.SECONDS);

    var state = container(waiting).orElseThrow().getState().getWaiting();
    assertThat(state.getReason()).isEqualTo("CreateContainerConfigError");
    assertThat(state.getMessage()).startsWith("container has runAsNonRoot and image will run as root");
    assertThat(waiting.getStatus().getPhase()).isEqualTo("Pending");
    assertThat(NodeFiles.log(waiting, "main").resolveSibling("bundles")).as("no bundle, no mount for a refused container")
        .doesNotExist();
  }

  @Test
  void readOnlyRootFilesystemLeavesOnlyEmptyDirVolumesWritable(TestNamespace namespace, KubeCluster cluster)
      throws IOException {
    register(cluster);
    // /tmp is the image's, writable by all: only a read-only root keeps 185 from writing there
    Pod pod = new PodBuilder(pod("readonly", DOCKER_IMAGE, container -> container
        .withArgs("touch /tmp/file 2>/dev/null && echo root writable || echo root read-only;"
            + " echo data > /scratch/file && cat /scratch/file; echo sub > /sub/file && cat /scratch/part/file")
        .addNewVolumeMount().withName("scratch").withMountPath("/scratch").endVolumeMount()
        .addNewVolumeMount().withName("scratch").withMountPath("/sub").withSubPath("part").endVolumeMount()
        .withNewSecurityContext().withRunAsUser(185L).withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()))
        .editSpec().addNewVolume().withName("scratch").withNewEmptyDir().endEmptyDir().endVolume().endSpec().build();

    Pod done = run(namespace, pod);

    assertThat(done.getStatus().getPhase()).isEqualTo("Succeeded");
    assertThat(Files.readAllLines(NodeFiles.log(done, "main"))).containsExactly("root read-only", "data", "sub");
  }

  @Test
  void aWritableRootIsTheContainersOwn(TestNamespace namespace, KubeCluster cluster) throws IOException {
    register(cluster);

    Pod writer = run(namespace, pod("writer", DOCKER_IMAGE, container -> container
        .withArgs("echo mine > /root/written && cat /root/written")));
    Pod reader = run(namespace, pod("reader", DOCKER_IMAGE, container -> container
        .withArgs("cat /root/written 2>/dev/null || echo not there")));

    assertThat(NodeFiles.log(writer, "main")).hasContent("mine");
    assertThat(NodeFiles.log(reader, "main")).hasContent("not there");
  }

  @Test
  void failedContainerReportsItsExitCodeAndTerminationMessage(TestNamespace namespace, KubeCluster cluster)
      throws IOException {
    register(cluster);

    Pod done = run(namespace, pod("fails", DOCKER_IMAGE, container -> container
        .withArgs("echo bad news > /dev/termination-log; exit 3")));

    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    var terminated = container(done).orElseThrow().getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(3);
    assertThat(terminated.getReason()).isEqualTo("Error");
    assertThat(terminated.getMessage()).isEqualTo("bad news\n");
  }

  @Test
  void aCommandTheImageLacksIsAStartError(TestNamespace namespace, KubeCluster cluster) throws IOException {
    register(cluster);

    Pod done = run(namespace, pod("missing", DOCKER_IMAGE, container -> container.withCommand("/bin/java", "-version")));

    assertThat(done.getStatus().getPhase()).isEqualTo("Failed");
    var terminated = container(done).orElseThrow().getState().getTerminated();
    assertThat(terminated.getExitCode()).isEqualTo(128);
    assertThat(terminated.getReason()).isEqualTo("StartError");
    assertThat(terminated.getMessage()).contains("exec: \"/bin/java\"", "no such file or directory");
  }

  @Test
  void deletingAPodStopsItsContainer(TestNamespace namespace, KubeCluster cluster)
      throws IOException, InterruptedException {
    register(cluster);
    String marker = "3" + ProcessHandle.current().pid() % 1000 + "7";
    var pods = namespace.client().pods();
    pods.resource(new PodBuilder(pod("sleeper", DOCKER_IMAGE, container -> container
        .withArgs("trap 'echo got TERM; exit 143' TERM; sleep " + marker + " & wait")))
        .editMetadata().addToFinalizers(HOLD).endMetadata().build()).create();
    pods.withName("sleeper").waitUntilCondition(p -> container(p).map(c -> c.getState().getRunning() != null)
        .orElse(false), 60, TimeUnit.SECONDS);
    assertThat(awaitSleep(marker)).as("the container's sleep, seen from the host").isTrue();

    pods.withName("sleeper").withGracePeriod(10).delete();

    Pod stopped = pods.withName("sleeper").waitUntilCondition(p -> "Failed".equals(p.getStatus().getPhase()), 30,
        TimeUnit.SECONDS);
    assertThat(container(stopped).orElseThrow().getState().getTerminated().getExitCode()).isEqualTo(143);
    assertThat(NodeFiles.log(stopped, "main")).hasContent("got TERM");
    assertThat(sleeps(marker)).as("the container's sleep after the pod's deletion").isFalse();
    pods.withName("sleeper").unlock()
        .edit(p -> new PodBuilder(p).editMetadata().removeFromFinalizers(HOLD).endMetadata().build());
    pods.withName("sleeper").waitUntilCondition(Objects::isNull, 30, TimeUnit.SECONDS);
  }

  /** Only the process node has a container mode; other clusters need the image from a registry. */
  private static void register(KubeCluster cluster) throws IOException {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    synchronized (ContainerModeClusterIT.class) {
      Path docker = IMAGES.resolve("busybox-docker.tar");
      Path oci = IMAGES.resolve("busybox-oci.tar");
      if (!Files.exists(docker) || !Files.exists(oci)) {
        BusyboxImage.write(IMAGES, Format.DOCKER);
        BusyboxImage.write(IMAGES, Format.OCI);
      }
      cluster.containerImage(DOCKER_IMAGE, docker.toAbsolutePath());
      cluster.containerImage(OCI_IMAGE, oci.toAbsolutePath());
    }
  }

  private static Pod pod(String name, String image, UnaryOperator<ContainerBuilder> container) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withRestartPolicy("Never")
        .withContainers(container.apply(new ContainerBuilder().withName("main").withImage(image)).build())
        .endSpec()
        .build();
  }

  private static Pod run(TestNamespace namespace, Pod pod) {
    namespace.client().pods().resource(pod).create();
    return namespace.client().pods().withName(pod.getMetadata().getName()).waitUntilCondition(p -> p.getStatus() != null
        && List.of("Succeeded", "Failed").contains(p.getStatus().getPhase()), 120, TimeUnit.SECONDS);
  }

  private static Optional<ContainerStatus> container(Pod pod) {
    return pod == null || pod.getStatus() == null ? Optional.empty()
        : pod.getStatus().getContainerStatuses().stream().findFirst();
  }

  /** Running is reported once runc runs: the container's shell starts its sleep a moment later. */
  private static boolean awaitSleep(String marker) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!sleeps(marker) && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
    return sleeps(marker);
  }

  private static boolean sleeps(String marker) {
    return ProcessHandle.allProcesses().anyMatch(process -> process.info().commandLine()
        .map(line -> line.endsWith(" " + marker)).orElse(false));
  }
}
