package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A node whose containers are local processes: it registers itself Ready, binds pending pods to
 * itself (the scheduler of a one-node cluster), and runs the pods bound to it, reporting their
 * status as a kubelet does, so that controllers (the Job controller first) work as in a cluster.
 * One pod watch feeds both roles.
 */
public final class ProcessNode implements AutoCloseable {

  public static final String NAME = "process-node";
  /** The node's and every pod's address: processes share the host's network. */
  static final String ADDRESS = "127.0.0.1";

  private final SharedIndexInformer<Pod> informer;
  private final Kubelet kubelet;
  private final ContainerLogServer logs;

  private ProcessNode(SharedIndexInformer<Pod> informer, Kubelet kubelet, ContainerLogServer logs) {
    this.informer = informer;
    this.kubelet = kubelet;
    this.logs = logs;
  }

  /**
   * @param containerImages images whose pods run in containers; others run as processes ({@code images})
   * @param dir where the pods' sandboxes (logs, credentials) go, and unpacked images ({@code .images/})
   * @param certificates the TLS of the node's kubelet port, which the API server was started with
   */
  public static ProcessNode start(KubernetesClient client, ApiServerEndpoint apiServer, ImageCommands images,
      ContainerImages containerImages, Path dir, KubeletCertificates certificates) throws IOException {
    containerImages.unpackInto(dir.resolve(".images"));
    var logs = ContainerLogServer.start(client, certificates, dir);
    try {
      return start(client, apiServer, images, containerImages, dir, logs);
    } catch (RuntimeException e) { // its HTTP dispatcher thread would keep the JVM alive
      logs.close();
      throw e;
    }
  }

  private static ProcessNode start(KubernetesClient client, ApiServerEndpoint apiServer, ImageCommands images,
      ContainerImages containerImages, Path dir, ContainerLogServer logs) {
    NodeRegistration.register(client, NAME, logs.port());
    var binder = new PodBinder(client, NAME);
    var environment = new EnvironmentResolver(client);
    var kubelet = new Kubelet(client, new ContainerLauncher(images, environment,
        new RuncLauncher(containerImages, environment)), new PodCredentials(client, apiServer), dir);
    var informer = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
      @Override
      public void onAdd(Pod pod) {
        dispatch(pod);
      }

      @Override
      public void onUpdate(Pod old, Pod pod) {
        dispatch(pod);
      }

      @Override
      public void onDelete(Pod pod, boolean finalStateUnknown) {
        kubelet.forget(pod);
      }

      private void dispatch(Pod pod) {
        String nodeName = pod.getSpec().getNodeName();
        if (nodeName == null || nodeName.isEmpty()) {
          binder.bindIfPending(pod);
        } else if (nodeName.equals(NAME)) {
          kubelet.sync(pod);
        }
      }
    });
    return new ProcessNode(informer, kubelet, logs);
  }

  @Override
  public void close() {
    informer.stop();
    kubelet.close();
    logs.close();
  }
}
