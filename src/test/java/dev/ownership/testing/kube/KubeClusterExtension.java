package dev.ownership.testing.kube;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts the JVM's {@link SharedCluster} before the first test class that uses it, and gives test
 * methods and constructors a {@link KubernetesClient} (cluster-admin), the {@link KubeCluster}, or a
 * {@link TestNamespace} of their own: created for the method (or the class, if the constructor or a
 * {@code @BeforeAll} method asks) and deleted after it.
 */
public final class KubeClusterExtension implements BeforeAllCallback, ParameterResolver {

  private static final ExtensionContext.Namespace STORE = ExtensionContext.Namespace.create(KubeClusterExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    SharedCluster.get();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == KubernetesClient.class || type == KubeCluster.class || type == TestNamespace.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    SharedCluster shared = SharedCluster.get();
    if (type == KubernetesClient.class) {
      return shared.client();
    }
    if (type == KubeCluster.class) {
      return shared.cluster();
    }
    String prefix = context.getRequiredTestClass().getSimpleName()
        + context.getTestMethod().map(method -> "-" + method.getName()).orElse("");
    TestNamespace namespace = shared.createNamespace(prefix);
    // the store closes AutoCloseable values when its test (or class) ends
    context.getStore(STORE).put(namespace.name(), namespace);
    return namespace;
  }
}
