package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.ConfigBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.authentication.BoundObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.net.HttpURLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a pod needs to call the API server as its service account, where clients look for it:
 * <ul>
 *   <li>{@code serviceaccount/{token,ca.crt,namespace}} in the sandbox, as a kubelet mounts them;
 *   <li>{@code KUBECONFIG} naming a kubeconfig with that token, CA and namespace: Fabric8, kubectl
 *       and client-go take it first, before any {@code ~/.kube/config} (and HOME is the sandbox);
 *   <li>{@code KUBERNETES_SERVICE_HOST} and {@code _PORT}, as in every pod.
 * </ul>
 * The token comes from the TokenRequest API, bound to the pod where it can be, so it dies with it.
 */
final class PodCredentials {

  private static final long TOKEN_SECONDS = 3600;

  private final KubernetesClient client;
  private final ApiServerEndpoint endpoint;
  private final KubernetesSerialization serialization = new KubernetesSerialization();

  PodCredentials(KubernetesClient client, ApiServerEndpoint endpoint) {
    this.client = client;
    this.endpoint = endpoint;
  }

  /** @return the environment variables that point clients at them */
  Map<String, String> issue(Pod pod, PodSandbox sandbox) throws ContainerStartException, IOException {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("KUBERNETES_SERVICE_HOST", endpoint.host());
    env.put("KUBERNETES_SERVICE_PORT", String.valueOf(endpoint.port()));
    if (Boolean.FALSE.equals(pod.getSpec().getAutomountServiceAccountToken())) {
      return env;
    }
    String namespace = pod.getMetadata().getNamespace();
    String account = Optional.ofNullable(pod.getSpec().getServiceAccountName()).filter(name -> !name.isEmpty())
        .orElse("default");
    String token = token(pod, account);

    Path dir = Files.createDirectories(sandbox.serviceAccount());
    Files.writeString(dir.resolve("token"), token);
    Path ca = Files.copy(endpoint.caCertificate(), dir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);
    Files.writeString(dir.resolve("namespace"), namespace);
    Files.writeString(sandbox.kubeconfig(), kubeconfig(namespace, account, token, ca));
    env.put("KUBECONFIG", sandbox.kubeconfig().toString());
    return env;
  }

  private String token(Pod pod, String account) throws ContainerStartException {
    var request = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(TOKEN_SECONDS).endSpec().build();
    // The API server binds a token only to a pod that names its service account. kube-api-test
    // turns the ServiceAccount admission plugin off, so nothing names "default" for a pod that
    // leaves it out: such a pod gets a token that is not bound to it.
    if (account.equals(pod.getSpec().getServiceAccountName())) {
      request.getSpec().setBoundObjectRef(new BoundObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
          .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).build());
    }
    try {
      return client.serviceAccounts().inNamespace(pod.getMetadata().getNamespace()).withName(account)
          .tokenRequest(request).getStatus().getToken();
    } catch (KubernetesClientException e) { // the pod waits for it, as on a kubelet
      throw new ContainerStartException("CreateContainerConfigError", e.getCode() == HttpURLConnection.HTTP_NOT_FOUND
          ? "service account " + account + " not found" : "no token for service account " + account + ": " + e.getMessage());
    }
  }

  private String kubeconfig(String namespace, String account, String token, Path ca) {
    return serialization.asYaml(new ConfigBuilder()
        .addNewCluster().withName("cluster").withNewCluster()
        .withServer(endpoint.url()).withCertificateAuthority(ca.toString())
        .endCluster().endCluster()
        .addNewUser().withName(account).withNewUser().withToken(token).endUser().endUser()
        .addNewContext().withName("pod").withNewContext()
        .withCluster("cluster").withUser(account).withNamespace(namespace)
        .endContext().endContext()
        .withCurrentContext("pod")
        .build());
  }
}
