package dev.ownership.testing.kube;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * The one cluster of a test JVM: started on first use, shared by every test class, stopped when
 * the JVM exits (starting a control plane costs seconds, a namespace milliseconds).
 */
public final class SharedCluster {

  private static SharedCluster instance;
  private static RuntimeException startFailure;

  private final KubeCluster cluster;
  private final KubernetesClient client;

  private SharedCluster(KubeCluster cluster) {
    this.cluster = cluster;
    this.client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(cluster.kubeconfig())).build();
  }

  public static synchronized SharedCluster get() {
    if (startFailure != null) {
      throw startFailure; // once per JVM, not once per test class
    }
    if (instance == null) {
      try {
        instance = start();
      } catch (Exception e) {
        startFailure = new IllegalStateException("The test cluster did not start: " + e.getMessage(), e);
        throw startFailure;
      }
    }
    return instance;
  }

  private static SharedCluster start() throws Exception {
    String implementation = System.getProperty("kube.cluster");
    KubeCluster cluster = implementation == null ? new LocalTestCluster(workDir())
        : (KubeCluster) Class.forName(implementation).getConstructor().newInstance();
    Runtime.getRuntime().addShutdownHook(new Thread(cluster::close, "kube-cluster-stop"));
    cluster.start();
    return new SharedCluster(cluster);
  }

  /** target/kube-cluster under Maven (see pom.xml), a temporary directory elsewhere. */
  private static Path workDir() {
    try {
      String configured = System.getProperty("kube.cluster.dir");
      return configured != null ? Path.of(configured) : Files.createTempDirectory("kube-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public KubeCluster cluster() {
    return cluster;
  }

  /** A cluster-admin client; shared, so not to be closed. */
  public KubernetesClient client() {
    return client;
  }

  /**
   * A new namespace named after {@code prefix}, once its default service account exists (pods
   * run as it); delete it with {@link TestNamespace#close()}.
   */
  public TestNamespace createNamespace(String prefix) {
    String generateName = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
        .replaceAll("^-|-$", "");
    generateName = generateName.substring(0, Math.min(generateName.length(), 50)) + "-";
    String name = client.namespaces()
        .resource(new NamespaceBuilder().withNewMetadata().withGenerateName(generateName).endMetadata().build())
        .create().getMetadata().getName();
    client.serviceAccounts().inNamespace(name).withName("default")
        .waitUntilCondition(Objects::nonNull, 30, TimeUnit.SECONDS);
    return new TestNamespace(name, client.adapt(NamespacedKubernetesClient.class).inNamespace(name));
  }
}
