package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.VolumeMount;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OCI runtime spec ({@code config.json} of a runc bundle) for one container, as a kubelet and
 * containerd would make it: the command (the container's command and args over the image's
 * entrypoint and cmd), environment, working directory, user (runAsUser, runAsGroup, runAsNonRoot
 * refused like a kubelet does), capabilities, no-new-privileges, read-only root, and mounts: the
 * volume mounts (emptyDir only), the service-account credentials, the termination message file, the
 * host's {@code /etc/hosts} and {@code /etc/resolv.conf}. New pid, ipc, uts and mount namespaces;
 * the host's network, as everywhere on this node.
 */
final class RuntimeSpec {

  private static final String SERVICE_ACCOUNT_DIR = "/var/run/secrets/kubernetes.io/serviceaccount";
  /** The PATH of a container whose image sets none (containerd's). */
  private static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  /** containerd's default capabilities. */
  private static final List<String> DEFAULT_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FSETID", "FOWNER",
      "MKNOD", "NET_RAW", "SETGID", "SETUID", "SETFCAP", "SETPCAP", "NET_BIND_SERVICE", "SYS_CHROOT", "KILL",
      "AUDIT_WRITE");

  /** Where the container's host-side files are. */
  record HostPaths(Path rootfs, Optional<Path> serviceAccount, Path terminationMessage, Map<String, Path> emptyDirs) {
  }

  private RuntimeSpec() {
  }

  /**
   * @param env the container's environment as the pod spec and the node give it (see
   *     {@link EnvironmentResolver}); the process gets it over the image's, and only it expands the
   *     {@code $(VAR)} references of command and args, as with a kubelet
   * @throws ContainerStartException CreateContainerConfigError for a user runAsNonRoot forbids, a
   *     volume that is not an emptyDir; CreateContainerError for no command or an unknown user
   */
  static Map<String, Object> of(Pod pod, Container container, UnpackedImage image, Map<String, String> env,
      HostPaths paths) throws ContainerStartException {
    ImageConfig config = image.config();
    User user = user(pod, container, image);
    Map<String, String> processEnv = new LinkedHashMap<>();
    processEnv.put("PATH", DEFAULT_PATH);
    processEnv.putAll(config.env());
    processEnv.put("HOSTNAME", pod.getMetadata().getName());
    processEnv.putAll(env);
    processEnv.putIfAbsent("HOME", user.home());

    List<String> argv = new ArrayList<>(container.getCommand().isEmpty() ? config.entrypoint() : container.getCommand());
    argv.addAll(!container.getArgs().isEmpty() ? container.getArgs()
        : container.getCommand().isEmpty() ? config.cmd() : List.of());
    if (argv.isEmpty()) {
      throw new ContainerStartException("CreateContainerError", "neither the image nor the container gives a command");
    }
    SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
    List<String> capabilities = capabilities(security.getCapabilities());

    Map<String, Object> process = new LinkedHashMap<>();
    process.put("terminal", false);
    process.put("user", user.ids());
    process.put("args", VariableExpansion.expand(argv, env));
    process.put("env", processEnv.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
    process.put("cwd", Optional.ofNullable(container.getWorkingDir()).filter(dir -> !dir.isEmpty())
        .or(() -> Optional.of(config.workingDir()).filter(dir -> !dir.isEmpty())).orElse("/"));
    process.put("capabilities", Map.of("bounding", capabilities, "effective", capabilities, "permitted", capabilities));
    process.put("noNewPrivileges", Boolean.FALSE.equals(security.getAllowPrivilegeEscalation()));

    Map<String, Object> spec = new LinkedHashMap<>();
    spec.put("ociVersion", "1.0.2");
    spec.put("process", process);
    spec.put("root", Map.of("path", paths.rootfs().toString(),
        "readonly", Boolean.TRUE.equals(security.getReadOnlyRootFilesystem())));
    spec.put("hostname", pod.getMetadata().getName());
    spec.put("mounts", mounts(container, paths));
    spec.put("linux", linux());
    return spec;
  }

  /** The uid, gid and home the container runs as; refuses what runAsNonRoot forbids, as a kubelet does. */
  private static User user(Pod pod, Container container, UnpackedImage image) throws ContainerStartException {
    SecurityContext security = Optional.ofNullable(container.getSecurityContext()).orElseGet(SecurityContext::new);
    PodSecurityContext podSecurity = Optional.ofNullable(pod.getSpec().getSecurityContext())
        .orElseGet(PodSecurityContext::new);
    Long runAsUser = first(security.getRunAsUser(), podSecurity.getRunAsUser());
    Long runAsGroup = first(security.getRunAsGroup(), podSecurity.getRunAsGroup());
    boolean runAsNonRoot = Boolean.TRUE.equals(first(security.getRunAsNonRoot(), podSecurity.getRunAsNonRoot()));
    String podName = String.format("%s_%s(%s)", pod.getMetadata().getName(), pod.getMetadata().getNamespace(),
        pod.getMetadata().getUid());
    ImageUsers users = image.users();

    String[] imageUser = image.config().user().split(":", 2);
    long uid;
    if (runAsUser != null) {
      uid = runAsUser;
      if (runAsNonRoot && uid == 0) {
        throw new ContainerStartException("CreateContainerConfigError", String.format(
            "container's runAsUser breaks non-root policy (pod: \"%s\", container: %s)", podName, container.getName()));
      }
    } else if (imageUser[0].isEmpty() || ImageUsers.isNumeric(imageUser[0])) {
      uid = imageUser[0].isEmpty() ? 0 : Long.parseLong(imageUser[0]);
      if (runAsNonRoot && uid == 0) {
        throw new ContainerStartException("CreateContainerConfigError", String.format(
            "container has runAsNonRoot and image will run as root (pod: \"%s\", container: %s)", podName,
            container.getName()));
      }
    } else {
      if (runAsNonRoot) {
        throw new ContainerStartException("CreateContainerConfigError", String.format(
            "container has runAsNonRoot and image has non-numeric user (%s), cannot verify user is non-root (pod: \"%s\", container: %s)",
            imageUser[0], podName, container.getName()));
      }
      uid = users.user(imageUser[0]).orElseThrow(() -> new ContainerStartException("CreateContainerError",
          "unable to find user " + imageUser[0] + " in the image's /etc/passwd")).uid();
    }
    Optional<ImageUsers.Account> account = users.user(String.valueOf(uid));
    long gid;
    if (runAsGroup != null) {
      gid = runAsGroup;
    } else if (runAsUser == null && imageUser.length > 1) {
      gid = users.group(imageUser[1]).orElseThrow(() -> new ContainerStartException("CreateContainerError",
          "unable to find group " + imageUser[1] + " in the image's /etc/group"));
    } else {
      gid = account.map(ImageUsers.Account::gid).orElse(0L);
    }
    Set<Long> additional = new LinkedHashSet<>(podSecurity.getSupplementalGroups());
    Optional.ofNullable(podSecurity.getFsGroup()).ifPresent(additional::add);
    return new User(uid, gid, List.copyOf(additional), account.map(ImageUsers.Account::home).orElse("/"));
  }

  private record User(long uid, long gid, List<Long> additionalGids, String home) {
    Map<String, Object> ids() {
      return additionalGids.isEmpty() ? Map.of("uid", uid, "gid", gid)
          : Map.of("uid", uid, "gid", gid, "additionalGids", additionalGids);
    }
  }

  /** containerd's defaults, less what the container drops ("ALL" drops them all), plus what it adds. */
  private static List<String> capabilities(Capabilities requested) {
    Capabilities capabilities = Optional.ofNullable(requested).orElseGet(Capabilities::new);
    Set<String> result = new LinkedHashSet<>();
    if (!capabilities.getDrop().contains("ALL")) {
      result.addAll(DEFAULT_CAPABILITIES);
      capabilities.getDrop().forEach(result::remove);
    }
    result.addAll(capabilities.getAdd());
    return result.stream().map(name -> name.startsWith("CAP_") ? name : "CAP_" + name).toList();
  }

  private static List<Map<String, Object>> mounts(Container container, HostPaths paths) throws ContainerStartException {
    List<Map<String, Object>> mounts = new ArrayList<>(List.of(
        mount("/proc", "proc", "proc", List.of("nosuid", "noexec", "nodev")),
        mount("/dev", "tmpfs", "tmpfs", List.of("nosuid", "strictatime", "mode=755", "size=65536k")),
        mount("/dev/pts", "devpts", "devpts", List.of("nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5")),
        mount("/dev/shm", "tmpfs", "shm", List.of("nosuid", "noexec", "nodev", "mode=1777", "size=65536k")),
        mount("/dev/mqueue", "mqueue", "mqueue", List.of("nosuid", "noexec", "nodev")),
        mount("/sys", "sysfs", "sysfs", List.of("nosuid", "noexec", "nodev", "ro"))));
    List<Map<String, Object>> podMounts = new ArrayList<>(List.of(
        bind("/etc/hosts", Path.of("/etc/hosts"), true),
        bind("/etc/resolv.conf", Path.of("/etc/resolv.conf"), true)));
    for (VolumeMount volumeMount : container.getVolumeMounts()) {
      Path source = paths.emptyDirs().get(volumeMount.getName());
      if (source == null) {
        throw new ContainerStartException("CreateContainerConfigError", "volume " + volumeMount.getName()
            + ": the process node mounts emptyDir volumes only");
      }
      if (volumeMount.getSubPath() != null && !volumeMount.getSubPath().isEmpty()) {
        source = source.resolve(volumeMount.getSubPath());
      }
      podMounts.add(bind(volumeMount.getMountPath(), source, Boolean.TRUE.equals(volumeMount.getReadOnly())));
    }
    paths.serviceAccount().ifPresent(dir -> podMounts.add(bind(SERVICE_ACCOUNT_DIR, dir, true)));
    podMounts.add(bind(TerminationMessage.path(container), paths.terminationMessage(), false));
    // parents before their children, whatever the pod's order (as containerd sorts them): a parent
    // mounted later would hide its child
    podMounts.sort(Comparator.comparingInt(mount -> depth((String) mount.get("destination"))));
    mounts.addAll(podMounts);
    return mounts;
  }

  private static int depth(String destination) {
    return Path.of(destination).normalize().getNameCount();
  }

  private static Map<String, Object> mount(String destination, String type, String source, List<String> options) {
    return Map.of("destination", destination, "type", type, "source", source, "options", options);
  }

  private static Map<String, Object> bind(String destination, Path source, boolean readOnly) {
    return mount(destination, "bind", source.toString(),
        readOnly ? List.of("rbind", "nosuid", "nodev", "ro") : List.of("rbind", "nosuid", "nodev", "rw"));
  }

  private static Map<String, Object> linux() {
    return Map.of(
        // no network namespace: the host's, as for every pod of this node
        "namespaces", List.of(Map.of("type", "pid"), Map.of("type", "ipc"), Map.of("type", "uts"),
            Map.of("type", "mount")),
        // runc adds the devices every container gets (null, zero, random, tty...)
        "resources", Map.of("devices", List.of(Map.of("allow", false, "access", "rwm"))),
        "maskedPaths", List.of("/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
            "/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/sys/firmware", "/proc/scsi"),
        "readonlyPaths", List.of("/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"));
  }

  @SafeVarargs
  private static <T> T first(T... values) {
    for (T value : values) {
      if (value != null) {
        return value;
      }
    }
    return null;
  }
}
