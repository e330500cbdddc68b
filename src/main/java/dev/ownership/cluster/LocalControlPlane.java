package dev.ownership.cluster;

import dev.ownership.cluster.node.ApiServerEndpoint;
import dev.ownership.cluster.node.ContainerImages;
import dev.ownership.cluster.node.ImageCommands;
import dev.ownership.cluster.node.KubeletCertificates;
import dev.ownership.cluster.node.ProcessNode;
import io.fabric8.kubeapitest.KubeAPIServer;
import io.fabric8.kubeapitest.KubeAPIServerConfigBuilder;
import io.fabric8.kubeapitest.cert.CertManager;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * etcd and kube-apiserver (through io.fabric8:kube-api-test, offline, RBAC and the default
 * admission plugins such as PodSecurity on), kube-controller-manager, and a {@link ProcessNode}
 * that runs pods as local processes. Diagnostics land in the work directory.
 */
public final class LocalControlPlane implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(LocalControlPlane.class);
  private static final Duration CONTROLLER_MANAGER_TIMEOUT = Duration.ofSeconds(60);

  private final Path workDir;
  private final ControlPlaneBinaries binaries = ControlPlaneBinaries.pinned();
  private final ImageCommands images = ImageCommands.withDefaults();
  private final ContainerImages containerImages = new ContainerImages();
  private KubeAPIServer apiServer;
  private ControllerManager controllerManager;
  private KubernetesClient client;
  private ProcessNode node;
  private String kubeconfig;

  public LocalControlPlane(Path workDir) {
    this.workDir = workDir;
  }

  public void start() throws Exception {
    binaries.requirePresent();
    Files.createDirectories(workDir);
    long started = System.nanoTime();

    var kubeletCertificates = KubeletCertificates.create(workDir.resolve("kubelet-pki"));
    var config = KubeAPIServerConfigBuilder.anAPIServerConfig()
        .withTestDir(binaries.testDir().toString())
        .withApiServerVersion(binaries.version())
        .withOfflineMode(true);
    kubeletCertificates.apiServerFlags().forEach(config::withApiServerFlag);
    apiServer = new KubeAPIServer(config.build());
    apiServer.start();
    long apiServerReady = System.nanoTime();
    kubeconfig = apiServer.getKubeConfigYaml();
    Files.writeString(kubeconfigFile(), kubeconfig);
    client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(kubeconfig)).build();

    // kube-api-test signs service-account tokens with its serving key, self-signed
    var certs = new CertManager(binaries.testDir().toString());
    Path servingKey = Path.of(certs.getAPIServerKeyPath());
    Path servingCert = Path.of(certs.getAPIServerCertPath());
    controllerManager = ControllerManager.start(binaries.controllerManager(), kubeconfigFile(),
        servingKey, servingCert, workDir.resolve("kube-controller-manager.log"));
    controllerManager.awaitReady(client, CONTROLLER_MANAGER_TIMEOUT);
    long controllerManagerReady = System.nanoTime();

    var endpoint = new ApiServerEndpoint(client.getConfiguration().getMasterUrl(), servingCert);
    node = ProcessNode.start(client, endpoint, images, containerImages, podLogs(), kubeletCertificates);
    LOG.infof("Kubernetes %s control plane ready in %d ms (API server %d ms, controller-manager %d ms, node %d ms); logs in %s",
        binaries.version(), millis(started, System.nanoTime()), millis(started, apiServerReady),
        millis(apiServerReady, controllerManagerReady), millis(controllerManagerReady, System.nanoTime()), workDir);
  }

  /** A kubeconfig with cluster-admin credentials. */
  public String kubeconfig() {
    return kubeconfig;
  }

  /** Where {@link #kubeconfig()} is written, for kubectl and other programs. */
  public Path kubeconfigFile() {
    return workDir.resolve("admin.kubeconfig");
  }

  /** The kubectl of the same release. */
  public Path kubectl() {
    return binaries.kubectl();
  }

  /** Where the node keeps each pod's logs: {@code <namespace>/<pod>-<uid>/<container>.log}. */
  public Path podLogs() {
    return workDir.resolve("node");
  }

  /**
   * Runs containers of this image as local processes started with this entrypoint (the container's
   * command, when it has one, replaces it as in a container).
   */
  public void mapImage(String image, List<String> entrypoint) {
    images.map(image, entrypoint);
  }

  /**
   * Runs containers of this image in real containers (runc) made from this image archive (the tar
   * Jib or {@code docker save} writes, or an OCI image layout tar), rather than as local processes.
   * Needs runc: hack/runc/build.sh fetches Debian's.
   */
  public void containerImage(String image, Path archive) {
    containerImages.register(image, archive);
  }

  /** Stops what started, newest first, so that no part outlives the one it talks to. */
  @Override
  public void close() {
    if (node != null) {
      node.close();
    }
    if (controllerManager != null) {
      controllerManager.close();
    }
    if (client != null) {
      client.close();
    }
    if (apiServer != null) {
      apiServer.stop();
    }
  }

  private static long millis(long fromNanos, long toNanos) {
    return Duration.ofNanos(toNanos - fromNanos).toMillis();
  }
}
