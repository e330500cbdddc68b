package dev.ownership.testing.kube;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A namespace of its own for a test.
 *
 * @param client a cluster-admin client whose default namespace is this one
 */
public record TestNamespace(String name, KubernetesClient client) implements AutoCloseable {

  /** Deletes the namespace; the namespace controller removes what is in it, in the background. */
  @Override
  public void close() {
    client.namespaces().withName(name).delete();
  }
}
