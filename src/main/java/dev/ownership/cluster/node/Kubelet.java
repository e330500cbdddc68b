package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/** Keeps the pods bound to this node running as their specs and deletions say: one {@link PodWorker} each. */
final class Kubelet implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(Kubelet.class);
  private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

  private final KubernetesClient client;
  private final ContainerLauncher launcher;
  private final PodCredentials credentials;
  private final Path dir;
  /** By pod UID, kept until the pod is gone so that a stale event never starts a pod twice. */
  private final Map<String, PodWorker> workers = new ConcurrentHashMap<>();
  private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
    Thread thread = new Thread(runnable, "process-node-pod");
    thread.setDaemon(true);
    return thread;
  });

  Kubelet(KubernetesClient client, ContainerLauncher launcher, PodCredentials credentials, Path dir) {
    this.client = client;
    this.launcher = launcher;
    this.credentials = credentials;
    this.dir = dir;
  }

  void sync(Pod pod) {
    PodWorker worker = workers.computeIfAbsent(pod.getMetadata().getUid(), uid -> start(pod));
    if (pod.getMetadata().getDeletionTimestamp() != null) {
      long seconds = Optional.ofNullable(pod.getMetadata().getDeletionGracePeriodSeconds()).orElse(0L);
      worker.requestDeletion(Duration.ofSeconds(seconds));
    }
  }

  /** The pod is gone from the API (force-deleted, or its deletion finished): nothing of it may keep running. */
  void forget(Pod pod) {
    PodWorker worker = workers.remove(pod.getMetadata().getUid());
    if (worker != null) {
      worker.stop(Duration.ZERO);
    }
  }

  private PodWorker start(Pod pod) {
    var worker = new PodWorker(pod, launcher, credentials, new PodStatusWriter(client, pod), dir, threads,
        () -> finishDeletion(pod));
    threads.execute(worker::run);
    return worker;
  }

  private void finishDeletion(Pod pod) {
    try {
      client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName())
          .withGracePeriod(0).delete();
    } catch (KubernetesClientException e) {
      LOG.warnf(e, "Could not finish deleting pod %s/%s", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }
  }

  @Override
  public void close() {
    workers.values().forEach(worker -> worker.stop(Duration.ZERO));
    threads.shutdown();
    try { // containers outlive the JVM: wait for them to be killed and deleted
      if (!threads.awaitTermination(SHUTDOWN_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        LOG.warnf("Pods still stopping after %s", SHUTDOWN_TIMEOUT);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
