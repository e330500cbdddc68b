package dev.ownership.testing.kube.k3s;

import dev.ownership.testing.kube.KubeCluster;
import java.nio.file.Path;
import java.util.List;
import org.testcontainers.k3s.K3sContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The cluster tests' cluster as K3s in a container (Testcontainers, so Docker): the k3s Maven
 * profile compiles this source and names it in the system property {@code kube.cluster}.
 */
public final class K3sCluster implements KubeCluster {

  private final K3sContainer container =
      new K3sContainer(DockerImageName.parse(System.getProperty("k3s.image", "rancher/k3s:v1.37.1-k3s1")));

  @Override
  public void start() {
    container.start();
  }

  @Override
  public String kubeconfig() {
    return container.getKubeConfigYaml();
  }

  /** K3s pulls and runs the real images. */
  @Override
  public void mapImage(String image, List<String> entrypoint) {
  }

  /** K3s pulls and runs the real images. */
  @Override
  public void containerImage(String image, Path archive) {
  }

  @Override
  public void close() {
    container.stop();
  }
}
