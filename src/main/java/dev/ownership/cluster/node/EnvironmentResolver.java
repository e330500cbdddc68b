package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A container's environment as a kubelet builds it: envFrom, then env in order (value with
 * {@code $(VAR)} references to earlier variables, secretKeyRef, configMapKeyRef, fieldRef), over
 * the variables the node gives every container.
 */
final class EnvironmentResolver {

  private final KubernetesClient client;

  EnvironmentResolver(KubernetesClient client) {
    this.client = client;
  }

  Map<String, String> resolve(Pod pod, Container container, Map<String, String> nodeVariables)
      throws ContainerStartException {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>(nodeVariables);
    for (EnvFromSource source : container.getEnvFrom()) {
      String prefix = Optional.ofNullable(source.getPrefix()).orElse("");
      Map<String, String> values = source.getConfigMapRef() != null
          ? configMapData(namespace, source.getConfigMapRef().getName(), source.getConfigMapRef().getOptional())
          : secretData(namespace, source.getSecretRef().getName(), source.getSecretRef().getOptional());
      values.forEach((key, value) -> env.put(prefix + key, value));
    }
    for (EnvVar variable : container.getEnv()) {
      String value = variable.getValueFrom() == null
          ? VariableExpansion.expand(Optional.ofNullable(variable.getValue()).orElse(""), env)
          : valueFrom(pod, variable.getName(), variable.getValueFrom());
      if (value != null) {
        env.put(variable.getName(), value);
      }
    }
    return env;
  }

  /** @return null for a missing optional key, which leaves the variable unset */
  private String valueFrom(Pod pod, String name, EnvVarSource source) throws ContainerStartException {
    String namespace = pod.getMetadata().getNamespace();
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      return key(secretData(namespace, ref.getName(), ref.getOptional()), "secret " + ref.getName(), ref.getKey(),
          ref.getOptional());
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      return key(configMapData(namespace, ref.getName(), ref.getOptional()), "configmap " + ref.getName(),
          ref.getKey(), ref.getOptional());
    }
    if (source.getFieldRef() != null) {
      return field(pod, source.getFieldRef().getFieldPath());
    }
    throw new ContainerStartException("CreateContainerConfigError", "env " + name + ": only secretKeyRef, "
        + "configMapKeyRef and fieldRef are supported on this node");
  }

  private static String field(Pod pod, String path) throws ContainerStartException {
    switch (path) {
      case "metadata.name":
        return pod.getMetadata().getName();
      case "metadata.namespace":
        return pod.getMetadata().getNamespace();
      case "metadata.uid":
        return pod.getMetadata().getUid();
      case "spec.nodeName":
        return pod.getSpec().getNodeName();
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName();
      case "status.podIP":
      case "status.hostIP":
        return ProcessNode.ADDRESS;
      default:
        throw new ContainerStartException("CreateContainerConfigError", "fieldRef " + path + " is not supported on this node");
    }
  }

  private static String key(Map<String, String> data, String source, String key, Boolean optional)
      throws ContainerStartException {
    String value = data.get(key);
    if (value == null && !Boolean.TRUE.equals(optional)) {
      throw new ContainerStartException("CreateContainerConfigError", "couldn't find key " + key + " in " + source);
    }
    return value;
  }

  private Map<String, String> configMapData(String namespace, String name, Boolean optional)
      throws ContainerStartException {
    ConfigMap configMap = client.configMaps().inNamespace(namespace).withName(name).get();
    if (configMap == null) {
      return missing("configmap", name, optional);
    }
    return Optional.ofNullable(configMap.getData()).orElse(Map.of());
  }

  private Map<String, String> secretData(String namespace, String name, Boolean optional)
      throws ContainerStartException {
    Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
    if (secret == null) {
      return missing("secret", name, optional);
    }
    Map<String, String> decoded = new LinkedHashMap<>();
    Optional.ofNullable(secret.getData()).orElse(Map.of()).forEach((key, value) ->
        decoded.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
    return decoded;
  }

  private static Map<String, String> missing(String kind, String name, Boolean optional)
      throws ContainerStartException {
    if (Boolean.TRUE.equals(optional)) {
      return Map.of();
    }
    throw new ContainerStartException("CreateContainerConfigError", kind + " \"" + name + "\" not found");
  }
}
