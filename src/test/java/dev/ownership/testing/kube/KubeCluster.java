package dev.ownership.testing.kube;

import java.nio.file.Path;
import java.util.List;

/**
 * A Kubernetes cluster the cluster tests run against: {@link LocalTestCluster}, or the class the
 * system property {@code kube.cluster} names (public, with a no-argument constructor), as the k3s
 * Maven profile does.
 */
public interface KubeCluster extends AutoCloseable {

  void start() throws Exception;

  /** A kubeconfig with cluster-admin credentials. */
  String kubeconfig();

  /**
   * Runs containers of this image as local processes started with this entrypoint (the container's
   * command, when it has one, replaces it as in a container). Clusters that pull real images ignore it.
   */
  void mapImage(String image, List<String> entrypoint);

  /**
   * Runs containers of this image in real containers made from this image archive (a Jib or
   * docker-save tar, or an OCI image layout tar) rather than as local processes. Clusters that pull
   * real images ignore it.
   */
  void containerImage(String image, Path archive);

  @Override
  void close();
}
