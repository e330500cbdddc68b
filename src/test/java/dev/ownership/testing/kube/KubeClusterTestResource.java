package dev.ownership.testing.kube;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared test cluster for a {@code @QuarkusTest}: points quarkus-kubernetes-client at it with
 * cluster-admin credentials. Stopping is left to the JVM's exit, since other test classes share it.
 */
public final class KubeClusterTestResource implements QuarkusTestResourceLifecycleManager {

  private static final String PREFIX = "quarkus.kubernetes-client.";

  @Override
  public Map<String, String> start() {
    Config config = SharedCluster.get().client().getConfiguration();
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put(PREFIX + "api-server-url", config.getMasterUrl());
    properties.put(PREFIX + "devservices.enabled", "false");
    // file paths for the local control plane, inline data for a kubeconfig like k3s'
    putIfSet(properties, "ca-cert-file", config.getCaCertFile());
    putIfSet(properties, "ca-cert-data", config.getCaCertData());
    putIfSet(properties, "client-cert-file", config.getClientCertFile());
    putIfSet(properties, "client-cert-data", config.getClientCertData());
    putIfSet(properties, "client-key-file", config.getClientKeyFile());
    putIfSet(properties, "client-key-data", config.getClientKeyData());
    putIfSet(properties, "token", config.getOauthToken());
    return properties;
  }

  @Override
  public void stop() {
    // shared with the rest of the JVM: SharedCluster stops it at exit
  }

  private static void putIfSet(Map<String, String> properties, String key, String value) {
    if (value != null && !value.isEmpty()) {
      properties.put(PREFIX + key, value);
    }
  }
}
