package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Runs one pod: its init containers one after the other, then its containers side by side,
 * restarting them as its restartPolicy says (with a kubelet's back-off), until they are done or
 * the pod is deleted; then reports Succeeded or Failed and, if the pod is being deleted, finishes
 * the deletion as a kubelet does (grace period 0), leaving finalizers to their owners.
 */
final class PodWorker {

  private static final Logger LOG = Logger.getLogger(PodWorker.class);
  /** How soon a container that cannot start yet (missing secret, unknown image) is tried again. */
  private static final Duration START_RETRY = Duration.ofSeconds(2);
  private static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
  /** The exit code of a container the pod's deletion kept from starting. */
  private static final int NEVER_RAN = -1;

  private final Pod pod;
  private final ContainerLauncher launcher;
  private final PodCredentials credentials;
  private final PodStatusWriter status;
  private final Path nodeDir;
  private final ExecutorService threads;
  private final Runnable deletePod;
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Set<Process> processes = ConcurrentHashMap.newKeySet();
  private volatile Duration gracePeriod = Duration.ZERO;
  private boolean finished;
  private boolean deletionRequested;

  PodWorker(Pod pod, ContainerLauncher launcher, PodCredentials credentials, PodStatusWriter status, Path nodeDir,
      ExecutorService threads, Runnable deletePod) {
    this.pod = pod;
    this.launcher = launcher;
    this.credentials = credentials;
    this.status = status;
    this.nodeDir = nodeDir;
    this.threads = threads;
    this.deletePod = deletePod;
  }

  void run() {
    String phase = "Failed";
    try {
      phase = runPod();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      LOG.errorf(e, "Pod %s/%s failed on the node", pod.getMetadata().getNamespace(), pod.getMetadata().getName());
    }
    status.finished(phase);
    synchronized (this) {
      finished = true;
      if (deletionRequested) {
        deletePod.run();
      }
    }
  }

  /** The pod is being deleted: stop its containers within the grace period, then finish the deletion. */
  void requestDeletion(Duration gracePeriod) {
    synchronized (this) {
      if (deletionRequested) {
        return;
      }
      deletionRequested = true;
      if (finished) {
        deletePod.run();
        return;
      }
    }
    stop(gracePeriod);
  }

  /** Stops the containers without touching the pod: the node shuts down, or the pod is gone. */
  void stop(Duration gracePeriod) {
    this.gracePeriod = gracePeriod;
    stopped.countDown();
    processes.forEach(process -> threads.execute(() -> terminate(process, gracePeriod)));
  }

  private String runPod() throws IOException, InterruptedException, ExecutionException {
    PodSandbox sandbox = PodSandbox.create(nodeDir, pod);
    Map<String, String> nodeVariables = null;
    while (nodeVariables == null) {
      try {
        nodeVariables = credentials.issue(pod, sandbox);
      } catch (ContainerStartException e) {
        for (Container container : pod.getSpec().getContainers()) {
          status.waiting(container, e.reason(), e.getMessage());
        }
        if (awaitStop(START_RETRY)) {
          return "Failed";
        }
      }
    }
    for (Container init : pod.getSpec().getInitContainers()) {
      if (runContainer(init, sandbox, nodeVariables, true) != 0) {
        return "Failed";
      }
    }
    List<Future<Integer>> exits = new ArrayList<>();
    for (Container container : pod.getSpec().getContainers()) {
      Map<String, String> variables = nodeVariables;
      exits.add(threads.submit(() -> runContainer(container, sandbox, variables, false)));
    }
    boolean allSucceeded = true;
    for (Future<Integer> exit : exits) {
      allSucceeded &= exit.get() == 0;
    }
    return allSucceeded ? "Succeeded" : "Failed";
  }

  /** @return the container's last exit code */
  private int runContainer(Container container, PodSandbox sandbox, Map<String, String> nodeVariables, boolean init)
      throws IOException, InterruptedException {
    String restartPolicy = pod.getSpec().getRestartPolicy();
    Duration backoff = FIRST_BACKOFF;
    while (!isStopped()) {
      Instant startedAt = Instant.now();
      int exitCode;
      try {
        exitCode = runOnce(container, sandbox, nodeVariables, startedAt);
      } catch (ContainerStartException e) {
        status.waiting(container, e.reason(), e.getMessage());
        awaitStop(START_RETRY);
        continue;
      }
      boolean restart = "Always".equals(restartPolicy) && !init || !"Never".equals(restartPolicy) && exitCode != 0;
      if (!restart || isStopped()) {
        return exitCode;
      }
      status.restarting(container, "back-off " + backoff.toSeconds() + "s restarting failed container");
      if (awaitStop(backoff)) {
        return exitCode;
      }
      backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    }
    return NEVER_RAN;
  }

  private int runOnce(Container container, PodSandbox sandbox, Map<String, String> nodeVariables, Instant startedAt)
      throws ContainerStartException, IOException, InterruptedException {
    Process process;
    var logRuns = new ContainerLogRuns(sandbox, container.getName());
    long logStart = logRuns.end();
    try {
      process = launcher.launch(pod, container, sandbox, nodeVariables);
    } catch (IOException e) { // as a container runtime reports a command it cannot execute
      status.terminated(container, 128, "StartError", e.getMessage(), startedAt);
      return 128;
    }
    processes.add(process);
    logRuns.started(logStart, PodStatusWriter.containerId(process.pid()));
    if (isStopped()) { // stopped while it started: stop() may have missed it
      terminate(process, gracePeriod);
    }
    status.running(container, process.pid(), startedAt);
    int exitCode = process.waitFor();
    processes.remove(process);
    String message = TerminationMessage.read(sandbox.terminationMessage(container.getName()),
        sandbox.log(container.getName()), container.getTerminationMessagePolicy(), exitCode);
    boolean startError = process instanceof RuncContainer runc && runc.startError().isPresent();
    status.terminated(container, exitCode, exitCode == 0 ? "Completed" : startError ? "StartError" : "Error", message,
        startedAt);
    return exitCode;
  }

  /**
   * SIGTERM to the process and its descendants (a shell's children too), SIGKILL after the grace
   * period. Through the Process itself, so that a container (RuncContainer) is signalled by its runtime.
   */
  private static void terminate(Process process, Duration gracePeriod) {
    List<ProcessHandle> descendants = process.descendants().toList();
    descendants.forEach(ProcessHandle::destroy);
    process.destroy();
    try {
      if (!process.waitFor(gracePeriod.toMillis(), TimeUnit.MILLISECONDS)) {
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      descendants.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private boolean isStopped() {
    return stopped.getCount() == 0;
  }

  /** @return whether the pod was stopped meanwhile */
  private boolean awaitStop(Duration timeout) throws InterruptedException {
    return stopped.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
