package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.ownership.cluster.ControlPlaneBinaries;
import dev.ownership.cluster.node.KubeletCertificates;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kubectl logs} and Fabric8's log calls, through the API server's pods/log to the node's kubelet port. */
@ClusterTest
class KubectlLogsClusterIT {

  @TempDir
  Path dir;

  @Test
  void logsOfAJobAndOfItsPod(TestNamespace namespace, KubeCluster cluster) {
    namespace.client().batch().v1().jobs().resource(new JobBuilder()
        .withNewMetadata().withName("counter").endMetadata()
        .withNewSpec().withBackoffLimit(0).withNewTemplate().withNewSpec().withRestartPolicy("Never")
        .addNewContainer().withName("main").withImage("busybox:1.37").withCommand("sh", "-c", "echo one; echo two >&2; echo three")
        .endContainer().endSpec().endTemplate().endSpec().build()).create();
    namespace.client().batch().v1().jobs().withName("counter").waitUntilCondition(job -> job.getStatus() != null
        && Integer.valueOf(1).equals(job.getStatus().getSucceeded()), 2, TimeUnit.MINUTES);
    String pod = namespace.client().pods().withLabel("job-name", "counter").list().getItems().get(0).getMetadata().getName();

    assertThat(kubectl(cluster, namespace, "logs", "job/counter")).isEqualTo("one\ntwo\nthree\n");
    assertThat(kubectl(cluster, namespace, "logs", "pod/" + pod, "--tail=2")).isEqualTo("two\nthree\n");
    assertThat(kubectl(cluster, namespace, "logs", pod, "--limit-bytes=5")).isEqualTo("one\nt");
    assertThat(namespace.client().pods().withName(pod).getLog()).isEqualTo("one\ntwo\nthree\n");
    assertThat(namespace.client().pods().withName(pod).tailingLines(1).getLog()).isEqualTo("three\n");
  }

  /** The first run leaves a file in its working directory (the node's pod sandbox, kept across restarts) and fails. */
  @Test
  void previousIsTheRunBeforeTheRestart(TestNamespace namespace, KubeCluster cluster) {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    create(namespace, pod("restarted", "OnFailure",
        "if [ -e ran ]; then echo second run; else touch ran; echo first run; exit 1; fi"));
    namespace.client().pods().withName("restarted").waitUntilCondition(p -> p.getStatus() != null
        && "Succeeded".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

    assertThat(kubectl(cluster, namespace, "logs", "restarted")).isEqualTo("second run\n");
    assertThat(kubectl(cluster, namespace, "logs", "restarted", "--previous")).isEqualTo("first run\n");
    assertThat(namespace.client().pods().withName("restarted").terminated().getLog()).isEqualTo("first run\n");
  }

  @Test
  void whatTheNodeCannotAnswerItSaysAsTheKubeletDoes(TestNamespace namespace, KubeCluster cluster) {
    create(namespace, pod("once", "Never", "echo once"));
    namespace.client().pods().withName("once").waitUntilCondition(p -> p.getStatus() != null
        && "Succeeded".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

    assertThatThrownBy(() -> kubectl(cluster, namespace, "logs", "once", "--previous"))
        .hasMessageContaining("previous terminated container \"main\" in pod \"once\" not found");
    assertThatThrownBy(() -> kubectl(cluster, namespace, "logs", "once", "-c", "nope"))
        .hasMessageContaining("container nope is not valid for pod once");
  }

  @Test
  void timestampsAreRefusedSinceTheNodeKeepsNone(TestNamespace namespace, KubeCluster cluster) {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    create(namespace, pod("once", "Never", "echo once"));
    namespace.client().pods().withName("once").waitUntilCondition(p -> p.getStatus() != null
        && "Succeeded".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

    assertThatThrownBy(() -> kubectl(cluster, namespace, "logs", "once", "--timestamps"))
        .hasMessageContaining("keeps container output without timestamps");
    assertThatThrownBy(() -> kubectl(cluster, namespace, "logs", "once", "--since=1h"))
        .hasMessageContaining("sinceSeconds and sinceTime");
  }

  /** The API server checks container names itself: the node's own check, asked as the API server asks. */
  @Test
  void theKubeletPortAnswersOnlyTheApiServer(TestNamespace namespace, KubeCluster cluster) throws Exception {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    create(namespace, pod("once", "Never", "echo once"));
    int port = namespace.client().nodes().withName("process-node").get()
        .getStatus().getDaemonEndpoints().getKubeletEndpoint().getPort();
    URI missing = URI.create("https://127.0.0.1:" + port + "/containerLogs/" + namespace.name() + "/once/nope");
    Path pki = Path.of(System.getProperty("kube.cluster.dir", "target/kube-cluster"), "kubelet-pki");

    assertThatThrownBy(() -> get(KubeletClient.anonymous(pki), missing)).isInstanceOf(IOException.class);
    // a self-signed certificate of the same name and purpose, but not the one the API server was given
    Path impostor = dir.resolve("impostor-pki");
    KubeletCertificates.create(impostor);
    assertThatThrownBy(() -> get(KubeletClient.withClientCertificateOf(pki, impostor), missing))
        .isInstanceOf(IOException.class);

    HttpResponse<String> response = get(KubeletClient.asApiServer(pki), missing);
    assertThat(response.statusCode()).isEqualTo(404);
    assertThat(response.body()).isEqualTo("container \"nope\" not found in pod \"once\"");
  }

  private static HttpResponse<String> get(SSLContext tls, URI uri) throws IOException, InterruptedException {
    return HttpClient.newBuilder().sslContext(tls).build()
        .send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The pod waits for a file on the host, which only a node running pods as host processes shares. */
  @Test
  void followSeesLaterLinesAndEndsWithTheContainer(TestNamespace namespace, KubeCluster cluster) throws Exception {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    Path release = dir.resolve("release");
    create(namespace, pod("waiter", "Never", "echo before; while [ ! -e " + release + " ]; do sleep 0.1; done; echo after"));
    namespace.client().pods().withName("waiter").waitUntilCondition(p -> p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

    Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), cluster.kubeconfig());
    Process follow = new ProcessBuilder(ControlPlaneBinaries.pinned().kubectl().toString(), "--kubeconfig",
        kubeconfig.toString(), "-n", namespace.name(), "logs", "-f", "waiter").redirectErrorStream(true).start();
    var output = new BufferedReader(new InputStreamReader(follow.getInputStream(), StandardCharsets.UTF_8));
    assertThat(output.readLine()).isEqualTo("before");

    Files.createFile(release);

    assertThat(output.readLine()).isEqualTo("after");
    assertThat(output.readLine()).as("end of the followed log").isNull();
    assertThat(follow.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(follow.exitValue()).isZero();
  }

  @Test
  void fabric8WatchLogSeesLaterLinesAndEndsWithTheContainer(TestNamespace namespace, KubeCluster cluster)
      throws IOException {
    assumeThat(cluster).isInstanceOf(LocalTestCluster.class);
    Path release = dir.resolve("release");
    create(namespace, pod("watched", "Never", "echo before; while [ ! -e " + release + " ]; do sleep 0.1; done; echo after"));
    namespace.client().pods().withName("watched").waitUntilCondition(p -> p.getStatus() != null
        && "Running".equals(p.getStatus().getPhase()), 2, TimeUnit.MINUTES);

    try (LogWatch watch = namespace.client().pods().withName("watched").watchLog()) {
      InputStream log = watch.getOutput();
      var output = new BufferedReader(new InputStreamReader(log, StandardCharsets.UTF_8));
      assertThat(output.readLine()).isEqualTo("before");

      Files.createFile(release);

      assertThat(output.readLine()).isEqualTo("after");
      assertThat(output.readLine()).as("end of the followed log").isNull();
    }
  }

  private static String kubectl(KubeCluster cluster, TestNamespace namespace, String... args) {
    return Kubectl.run(cluster, Stream.concat(Stream.of("-n", namespace.name()), Stream.of(args)).toArray(String[]::new));
  }

  private static void create(TestNamespace namespace, Pod pod) {
    namespace.client().pods().resource(pod).create();
  }

  private static Pod pod(String name, String restartPolicy, String script) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec().withRestartPolicy(restartPolicy)
        .addNewContainer().withName("main").withImage("busybox:1.37").withCommand("sh", "-c", script).endContainer()
        .endSpec()
        .build();
  }
}
