package dev.ownership.cluster.node;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.jboss.logging.Logger;

/**
 * The kubelet's container-log endpoint, {@code GET /containerLogs/<namespace>/<pod>/<container>},
 * over TLS on 127.0.0.1: the API server proxies {@code pods/log} (kubectl logs) here. It reads the
 * run of the container the pod's status names from {@code <container>.log} in the pod's sandbox;
 * {@code follow} sends new output until that run ends. Only the API server's client certificate
 * gets through the TLS handshake (see {@link KubeletCertificates}).
 */
final class ContainerLogServer implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(ContainerLogServer.class);
  private static final String PREFIX = "/containerLogs/";
  /** How often a followed log is looked at for new output, and its container's process for its end. */
  private static final Duration FOLLOW_POLL = Duration.ofMillis(500);

  private final HttpsServer server;
  private final ExecutorService threads;
  private final KubernetesClient client;
  private final Path nodeDir;

  private ContainerLogServer(HttpsServer server, ExecutorService threads, KubernetesClient client, Path nodeDir) {
    this.server = server;
    this.threads = threads;
    this.client = client;
    this.nodeDir = nodeDir;
  }

  static ContainerLogServer start(KubernetesClient client, KubeletCertificates certificates, Path nodeDir) {
    try {
      SSLContext tls = certificates.serverContext();
      HttpsServer server = HttpsServer.create(new InetSocketAddress(ProcessNode.ADDRESS, 0), 0);
      server.setHttpsConfigurator(new HttpsConfigurator(tls) {
        @Override
        public void configure(HttpsParameters params) {
          var parameters = tls.getDefaultSSLParameters();
          parameters.setNeedClientAuth(true);
          params.setSSLParameters(parameters);
        }
      });
      // a followed log holds its thread as long as it is followed
      ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "process-node-logs");
        thread.setDaemon(true);
        return thread;
      });
      server.setExecutor(threads);
      var logs = new ContainerLogServer(server, threads, client, nodeDir);
      server.createContext(PREFIX, logs::handle);
      server.start();
      return logs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Could not set up the kubelet port's TLS", e);
    }
  }

  int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      try {
        String[] path = exchange.getRequestURI().getPath().substring(PREFIX.length()).split("/");
        if (!exchange.getRequestMethod().equals("GET") || path.length != 3) {
          throw new LogRequestException(404, "404 page not found");
        }
        serve(exchange, path[0], path[1], path[2], LogOptions.parse(exchange.getRequestURI().getRawQuery()));
      } catch (LogRequestException e) {
        respond(exchange, e.status(), e.getMessage());
      } catch (RuntimeException e) { // the API server's answer to the pod's get, or a log the node cannot read
        LOG.warnf(e, "Could not serve the log request %s", exchange.getRequestURI().getPath());
        if (exchange.getResponseCode() == -1) { // else the body has begun: closing it cuts it short
          respond(exchange, 500, "the node could not read this container's log; its own log says why");
        }
      }
    } catch (IOException e) {
      LOG.debugf(e, "A log request ended early: %s", exchange.getRequestURI());
    }
  }

  private static void respond(HttpExchange exchange, int status, String message) throws IOException {
    byte[] body = message.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
  }

  private void serve(HttpExchange exchange, String namespace, String podName, String container, LogOptions options)
      throws IOException {
    Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
    if (pod == null || !ProcessNode.NAME.equals(pod.getSpec().getNodeName())) {
      throw new LogRequestException(404, "pod \"" + podName + "\" does not exist");
    }
    if (Stream.concat(pod.getSpec().getContainers().stream(), pod.getSpec().getInitContainers().stream())
        .map(Container::getName).noneMatch(container::equals)) {
      throw new LogRequestException(404, "container \"" + container + "\" not found in pod \"" + podName + "\"");
    }
    String containerId = ContainerLogStatus.containerId(pod, container, options.previous());
    // a followed run ends with its process; a handle taken now is not fooled by a later process of that pid
    Optional<ProcessHandle> process = isRunning(pod, container, containerId)
        ? PodStatusWriter.process(containerId) : Optional.empty();
    var runs = new ContainerLogRuns(PodSandbox.of(nodeDir, pod), container);
    var run = runs.run(containerId);

    try (FileChannel log = FileChannel.open(runs.log())) {
      long end = run.end().orElse(log.size());
      long position = options.tailLines().isPresent()
          ? LogTail.start(log, run.start(), end, options.tailLines().getAsLong()) : run.start();
      var body = new LimitedBody(exchange, options.limitBytes().orElse(Long.MAX_VALUE));
      position = body.copy(log, position, end);
      while (options.follow() && run.end().isEmpty() && !body.full()) {
        boolean ended = process.map(running -> !running.isAlive()).orElse(true);
        position = body.copy(log, position, runs.run(containerId).end().orElse(log.size()));
        if (ended) {
          break;
        }
        sleep(FOLLOW_POLL);
      }
    }
  }

  private static boolean isRunning(Pod pod, String container, String containerId) {
    return Optional.ofNullable(pod.getStatus()).stream()
        .flatMap(status -> Stream.concat(status.getContainerStatuses().stream(), status.getInitContainerStatuses().stream()))
        .filter(status -> status.getName().equals(container))
        .anyMatch(status -> status.getState().getRunning() != null && Objects.equals(status.getContainerID(), containerId));
  }

  private static void sleep(Duration duration) throws IOException {
    try {
      Thread.sleep(duration.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while following a log", e);
    }
  }

  /** A chunked response body that stops at limitBytes, as the kubelet's does (mid-line if need be). */
  private static final class LimitedBody {

    private final HttpExchange exchange;
    private final ByteBuffer buffer = ByteBuffer.allocate(16384);
    private OutputStream out;
    private long remaining;

    LimitedBody(HttpExchange exchange, long limit) {
      this.exchange = exchange;
      this.remaining = limit;
    }

    boolean full() {
      return remaining == 0;
    }

    /** @return where the next copy starts */
    long copy(FileChannel log, long from, long to) throws IOException {
      if (out == null) { // headers go before the first byte, even when there is none yet
        exchange.getResponseHeaders().set("Content-Type", "text/plain");
        exchange.sendResponseHeaders(200, 0);
        out = exchange.getResponseBody();
      }
      long position = from;
      while (position < to && remaining > 0) {
        buffer.clear().limit((int) Math.min(buffer.capacity(), Math.min(to - position, remaining)));
        int read = log.read(buffer, position);
        if (read <= 0) {
          break;
        }
        out.write(buffer.array(), 0, read);
        position += read;
        remaining -= read;
      }
      out.flush();
      return position;
    }
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
