package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.authorization.v1.SelfSubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The properties the Quarkus test resource hands over are enough to reach the cluster as an admin. */
@ClusterTest
class KubeClusterTestResourceClusterIT {

  @Test
  void propertiesReachTheClusterAsAdmin() {
    Map<String, String> properties = new KubeClusterTestResource().start();

    // what quarkus-kubernetes-client does with them
    Config config = new ConfigBuilder(Config.empty())
        .withMasterUrl(properties.get("quarkus.kubernetes-client.api-server-url"))
        .withCaCertFile(properties.get("quarkus.kubernetes-client.ca-cert-file"))
        .withCaCertData(properties.get("quarkus.kubernetes-client.ca-cert-data"))
        .withClientCertFile(properties.get("quarkus.kubernetes-client.client-cert-file"))
        .withClientCertData(properties.get("quarkus.kubernetes-client.client-cert-data"))
        .withClientKeyFile(properties.get("quarkus.kubernetes-client.client-key-file"))
        .withClientKeyData(properties.get("quarkus.kubernetes-client.client-key-data"))
        .withOauthToken(properties.get("quarkus.kubernetes-client.token"))
        .build();
    try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
      assertThat(client.namespaces().withName("kube-system").get()).isNotNull();
      assertThat(client.authorization().v1().selfSubjectAccessReview().create(
          new SelfSubjectAccessReviewBuilder()
              .withNewSpec().withNewResourceAttributes().withVerb("*").withResource("*").withGroup("*").endResourceAttributes()
              .endSpec().build()).getStatus().getAllowed()).isTrue();
    }
  }
}
