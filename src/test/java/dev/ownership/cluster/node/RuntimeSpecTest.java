package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The runtime spec as a function of pod, container and image: what runc will be asked to run. */
class RuntimeSpecTest {

  private static final UnpackedImage IMAGE = new UnpackedImage(Path.of("/images/1/rootfs"),
      new ImageConfig(List.of("/bin/app"), List.of("serve", "--port=8080"), Map.of("PATH", "/bin"), "/deployments", ""),
      ImageUsers.parse("root:x:0:0:root:/root:/bin/sh\napp:x:185:0:app:/home/app:/bin/sh\n", "root:x:0:\nstaff:x:50:\n"));
  private static final RuntimeSpec.HostPaths PATHS = new RuntimeSpec.HostPaths(Path.of("/images/1/rootfs"),
      Optional.of(Path.of("/sandbox/serviceaccount")), Path.of("/sandbox/main.termination-log"),
      Map.of("tmp", Path.of("/sandbox/volumes/tmp")));

  @Test
  void commandAndArgsReplaceTheImagesEntrypointAndCmdAsInKubernetes() throws Exception {
    assertThat(args(new ContainerBuilder().build())).containsExactly("/bin/app", "serve", "--port=8080");
    assertThat(args(new ContainerBuilder().withArgs("check").build())).containsExactly("/bin/app", "check");
    assertThat(args(new ContainerBuilder().withCommand("sh", "-c").build())).containsExactly("sh", "-c");
    assertThat(args(new ContainerBuilder().withCommand("echo").withArgs("$(GREETING)", "$$(GREETING)").build()))
        .containsExactly("echo", "hello", "$(GREETING)");
  }

  @Test
  void onlyThePodsVariablesExpandInArgsAsWithAKubelet() throws Exception {
    Map<String, Object> process = process(spec(pod(null), container().withCommand("echo")
        .withArgs("$(GREETING)", "$(PATH)", "$(HOSTNAME)").build()));

    assertThat((List<String>) process.get("args")).as("the image's and the runtime's variables stay as they are")
        .containsExactly("echo", "hello", "$(PATH)", "$(HOSTNAME)");
    assertThat((List<String>) process.get("env")).contains("PATH=/bin", "HOSTNAME=p");
  }

  @Test
  void thePodsVariablesOverrideTheImages() throws Exception {
    assertThat((List<String>) process(RuntimeSpec.of(pod(null), container().build(), IMAGE, Map.of("PATH", "/mine"),
        PATHS)).get("env")).contains("PATH=/mine").doesNotContain("PATH=/bin");
  }

  @Test
  void noCommandAnywhereIsAContainerError() {
    var image = new UnpackedImage(IMAGE.rootfs(), new ImageConfig(List.of(), List.of(), Map.of(), "", ""), IMAGE.users());
    assertThatThrownBy(() -> RuntimeSpec.of(pod(null), container().build(), image, Map.of(), PATHS))
        .hasFieldOrPropertyWithValue("reason", "CreateContainerError");
  }

  @Test
  void processGetsTheEnvironmentTheUsersHomeAndTheWorkingDirectory() throws Exception {
    Map<String, Object> process = process(spec(pod(null), container().withSecurityContext(null).build()));

    assertThat((List<String>) process.get("env")).containsExactly("PATH=/bin", "HOSTNAME=p", "GREETING=hello",
        "HOME=/root");
    assertThat(process.get("cwd")).isEqualTo("/deployments");
    assertThat(process.get("user")).isEqualTo(Map.of("uid", 0L, "gid", 0L));
    assertThat(process(spec(pod(null), container().withWorkingDir("/work").build())).get("cwd")).isEqualTo("/work");
  }

  @Test
  void runAsUserAndGroupAndFsGroupSetTheIds() throws Exception {
    Pod pod = pod(new PodSecurityContextBuilder().withRunAsUser(185L).withFsGroup(2000L).build());

    assertThat(process(spec(pod, container().build())).get("user"))
        .isEqualTo(Map.of("uid", 185L, "gid", 0L, "additionalGids", List.of(2000L)));
    assertThat((List<String>) process(spec(pod, container().build())).get("env")).contains("HOME=/home/app");
    assertThat(process(spec(pod, container().withNewSecurityContext().withRunAsUser(7L).withRunAsGroup(8L)
        .endSecurityContext().build())).get("user")).isEqualTo(Map.of("uid", 7L, "gid", 8L, "additionalGids", List.of(2000L)));
  }

  @Test
  void imageUserByNameAndGroupResolveThroughTheImagesFiles() throws Exception {
    var image = new UnpackedImage(IMAGE.rootfs(), new ImageConfig(List.of("/bin/app"), List.of(), Map.of(), "", "app:staff"),
        IMAGE.users());
    assertThat(process(RuntimeSpec.of(pod(null), container().build(), image, Map.of(), PATHS)).get("user"))
        .isEqualTo(Map.of("uid", 185L, "gid", 50L));
  }

  @Test
  void runAsNonRootRefusesWhatWouldRunAsRootAsAKubeletDoes() throws Exception {
    Pod nonRoot = pod(new PodSecurityContextBuilder().withRunAsNonRoot(true).build());

    assertThatThrownBy(() -> spec(nonRoot, container().build()))
        .hasFieldOrPropertyWithValue("reason", "CreateContainerConfigError")
        .hasMessage("container has runAsNonRoot and image will run as root (pod: \"p_ns(uid-1)\", container: main)");
    assertThatThrownBy(() -> spec(nonRoot, container().withNewSecurityContext().withRunAsUser(0L).endSecurityContext().build()))
        .hasMessage("container's runAsUser breaks non-root policy (pod: \"p_ns(uid-1)\", container: main)");
    var named = new UnpackedImage(IMAGE.rootfs(), new ImageConfig(List.of("/bin/app"), List.of(), Map.of(), "", "app"),
        IMAGE.users());
    assertThatThrownBy(() -> RuntimeSpec.of(nonRoot, container().build(), named, Map.of(), PATHS))
        .hasMessageStartingWith("container has runAsNonRoot and image has non-numeric user (app)");
    assertThat(process(spec(nonRoot, container().withNewSecurityContext().withRunAsUser(185L).endSecurityContext()
        .build())).get("user")).isEqualTo(Map.of("uid", 185L, "gid", 0L));
  }

  @Test
  void restrictedSecurityContextMakesAReadOnlyRootWithoutCapabilitiesOrNewPrivileges() throws Exception {
    Map<String, Object> spec = spec(pod(null), container().withNewSecurityContext().withReadOnlyRootFilesystem(true)
        .withAllowPrivilegeEscalation(false).withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext().build());

    assertThat(spec.get("root")).isEqualTo(Map.of("path", "/images/1/rootfs", "readonly", true));
    assertThat(process(spec).get("noNewPrivileges")).isEqualTo(true);
    assertThat(process(spec).get("capabilities"))
        .isEqualTo(Map.of("bounding", List.of(), "effective", List.of(), "permitted", List.of()));
  }

  @Test
  void defaultsAreAWritableRootWithContainerdsCapabilitiesLessDroppedPlusAdded() throws Exception {
    Map<String, Object> spec = spec(pod(null), container().withNewSecurityContext().withNewCapabilities()
        .withDrop("NET_RAW").withAdd("NET_ADMIN").endCapabilities().endSecurityContext().build());

    assertThat(spec.get("root")).isEqualTo(Map.of("path", "/images/1/rootfs", "readonly", false));
    assertThat(process(spec).get("noNewPrivileges")).isEqualTo(false);
    assertThat((List<String>) ((Map<String, Object>) process(spec).get("capabilities")).get("bounding"))
        .contains("CAP_CHOWN", "CAP_NET_ADMIN").doesNotContain("CAP_NET_RAW");
  }

  @Test
  void mountsVolumesTheServiceAccountAndTheTerminationMessage() throws Exception {
    Map<String, Object> spec = spec(pod(null), container().withTerminationMessagePath("/tmp/message")
        .addNewVolumeMount().withName("tmp").withMountPath("/tmp").endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/cache").withSubPath("cache").withReadOnly(true)
        .endVolumeMount().build());

    assertThat((List<Map<String, Object>>) spec.get("mounts"))
        .contains(Map.of("destination", "/tmp", "type", "bind", "source", "/sandbox/volumes/tmp",
            "options", List.of("rbind", "nosuid", "nodev", "rw")))
        .contains(Map.of("destination", "/cache", "type", "bind", "source", "/sandbox/volumes/tmp/cache",
            "options", List.of("rbind", "nosuid", "nodev", "ro")))
        .contains(Map.of("destination", "/var/run/secrets/kubernetes.io/serviceaccount", "type", "bind",
            "source", "/sandbox/serviceaccount", "options", List.of("rbind", "nosuid", "nodev", "ro")))
        .contains(Map.of("destination", "/tmp/message", "type", "bind", "source", "/sandbox/main.termination-log",
            "options", List.of("rbind", "nosuid", "nodev", "rw")));
    assertThat((List<Map<String, Object>>) spec.get("mounts")).extracting(mount -> mount.get("destination"))
        .contains("/proc", "/dev", "/sys", "/etc/hosts", "/etc/resolv.conf");
  }

  @Test
  void volumesMountParentsBeforeChildrenWhateverThePodsOrder() throws Exception {
    Map<String, Object> spec = spec(pod(null), container()
        .addNewVolumeMount().withName("tmp").withMountPath("/data/cache/").withSubPath("cache").endVolumeMount()
        .addNewVolumeMount().withName("tmp").withMountPath("/data").endVolumeMount().build());

    assertThat((List<Map<String, Object>>) spec.get("mounts")).extracting(mount -> mount.get("destination"))
        .containsSubsequence("/data", "/data/cache/");
  }

  @Test
  void aVolumeThatIsNotAnEmptyDirIsRefusedByName() {
    assertThatThrownBy(() -> spec(pod(null), container().addNewVolumeMount().withName("config").withMountPath("/etc/app")
        .endVolumeMount().build()))
        .hasFieldOrPropertyWithValue("reason", "CreateContainerConfigError")
        .hasMessage("volume config: the process node mounts emptyDir volumes only");
  }

  @Test
  void containerSharesTheHostsNetworkButNothingElse() throws Exception {
    Map<String, Object> linux = (Map<String, Object>) spec(pod(null), container().build()).get("linux");

    assertThat((List<Map<String, Object>>) linux.get("namespaces")).extracting(namespace -> namespace.get("type"))
        .containsExactlyInAnyOrder("pid", "ipc", "uts", "mount");
    assertThat(spec(pod(null), container().build()).get("hostname")).isEqualTo("p");
  }

  private static List<String> args(Container container) throws Exception {
    return (List<String>) process(RuntimeSpec.of(pod(null), container, IMAGE, Map.of("GREETING", "hello"), PATHS))
        .get("args");
  }

  private static Map<String, Object> spec(Pod pod, Container container) throws Exception {
    return RuntimeSpec.of(pod, container, IMAGE, Map.of("GREETING", "hello"), PATHS);
  }

  private static Map<String, Object> process(Map<String, Object> spec) {
    return (Map<String, Object>) spec.get("process");
  }

  private static ContainerBuilder container() {
    return new ContainerBuilder().withName("main").withImage("app:1");
  }

  private static Pod pod(PodSecurityContext security) {
    return new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("uid-1").endMetadata()
        .withNewSpec().withSecurityContext(security).endSpec().build();
  }
}
