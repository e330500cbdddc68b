package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaPropsBuilder;
import io.fabric8.kubernetes.api.model.apiextensions.v1.ValidationRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The API server authorizes with RBAC and admits with PodSecurity and CRDs' CEL rules, as a cluster does. */
@ClusterTest
class AdmissionClusterIT {

  @Test
  void serviceAccountIsDeniedAVerbItsRoleLacks(TestNamespace namespace) {
    KubernetesClient admin = namespace.client();
    admin.serviceAccounts().resource(new ServiceAccountBuilder().withNewMetadata().withName("reader").endMetadata()
        .build()).create();
    admin.rbac().roles().resource(new RoleBuilder().withNewMetadata().withName("read-configmaps").endMetadata()
        .addNewRule().withApiGroups("").withResources("configmaps").withVerbs("get", "list").endRule().build()).create();
    admin.rbac().roleBindings().resource(new RoleBindingBuilder().withNewMetadata().withName("reader").endMetadata()
        .withNewRoleRef("rbac.authorization.k8s.io", "Role", "read-configmaps")
        .addNewSubject().withKind("ServiceAccount").withName("reader").withNamespace(namespace.name()).endSubject()
        .build()).create();
    String token = admin.serviceAccounts().withName("reader").tokenRequest().getStatus().getToken();

    try (KubernetesClient reader = clientWithToken(admin.getConfiguration(), token, namespace.name())) {
      assertThat(reader.configMaps().list().getItems()).isNotNull(); // the verbs it has work
      assertThatThrownBy(() -> reader.configMaps().resource(new ConfigMapBuilder().withNewMetadata()
          .withName("not-allowed").endMetadata().build()).create())
          .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
            assertThat(e.getCode()).isEqualTo(403);
            assertThat(e.getMessage()).contains("system:serviceaccount:" + namespace.name() + ":reader")
                .contains("cannot create resource \"configmaps\"");
          });
    }
  }

  @Test
  void restrictedNamespaceRejectsAPrivilegedPod(TestNamespace namespace) {
    namespace.client().namespaces().withName(namespace.name())
        .edit(ns -> {
          ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
          return ns;
        });

    Pod compliant = pod("compliant", false);
    assertThat(namespace.client().pods().resource(compliant).dryRun().create()).isNotNull();
    assertThatThrownBy(() -> namespace.client().pods().resource(pod("privileged", true)).dryRun().create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(403);
          assertThat(e.getMessage()).contains("violates PodSecurity \"restricted:latest\"").contains("privileged");
        });
  }

  @Test
  void celValidationRuleOfACrdRejectsAnInvalidObject(KubernetesClient client, TestNamespace namespace) {
    CustomResourceDefinition crd = client.apiextensions().v1().customResourceDefinitions().resource(rangeCrd())
        .serverSideApply();
    client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
        .waitUntilCondition(c -> c.getStatus() != null && c.getStatus().getConditions() != null && c.getStatus().getConditions().stream()
            .anyMatch(condition -> condition.getType().equals("Established") && condition.getStatus().equals("True")),
            30, TimeUnit.SECONDS);
    var ranges = namespace.client().genericKubernetesResources("test.ownership.dev/v1", "Range");

    assertThat(ranges.resource(range("valid", 1, 3)).create()).isNotNull();
    assertThatThrownBy(() -> ranges.resource(range("inverted", 3, 1)).create())
        .isInstanceOfSatisfying(KubernetesClientException.class, e -> {
          assertThat(e.getCode()).isEqualTo(422);
          assertThat(e.getMessage()).contains("min must not exceed max");
        });
  }

  private static KubernetesClient clientWithToken(Config admin, String token, String namespace) {
    return new KubernetesClientBuilder().withConfig(new ConfigBuilder(Config.empty())
        .withMasterUrl(admin.getMasterUrl())
        .withCaCertFile(admin.getCaCertFile())
        .withCaCertData(admin.getCaCertData())
        .withOauthToken(token)
        .withNamespace(namespace)
        .build()).build();
  }

  private static Pod pod(String name, boolean privileged) {
    return new PodBuilder()
        .withNewMetadata().withName(name).endMetadata()
        .withNewSpec()
        .withNewSecurityContext().withRunAsNonRoot(true).withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile().endSecurityContext()
        .addNewContainer().withName("main").withImage("busybox:1.37").withCommand("true")
        .withNewSecurityContext()
        .withPrivileged(privileged)
        .withAllowPrivilegeEscalation(privileged)
        .withNewCapabilities().withDrop("ALL").endCapabilities()
        .endSecurityContext()
        .endContainer()
        .endSpec()
        .build();
  }

  private static CustomResourceDefinition rangeCrd() {
    var integer = new JSONSchemaPropsBuilder().withType("integer").build();
    return new CustomResourceDefinitionBuilder()
        .withNewMetadata().withName("ranges.test.ownership.dev").endMetadata()
        .withNewSpec()
        .withGroup("test.ownership.dev")
        .withScope("Namespaced")
        .withNewNames().withKind("Range").withPlural("ranges").withSingular("range").endNames()
        .addNewVersion().withName("v1").withServed(true).withStorage(true)
        .withNewSchema().withNewOpenAPIV3Schema().withType("object")
        .addToProperties("spec", new JSONSchemaPropsBuilder().withType("object")
            .addToProperties(Map.of("min", integer, "max", integer))
            .withXKubernetesValidations(new ValidationRuleBuilder()
                .withRule("self.min <= self.max").withMessage("min must not exceed max").build())
            .build())
        .endOpenAPIV3Schema().endSchema()
        .endVersion()
        .endSpec()
        .build();
  }

  private static GenericKubernetesResource range(String name, int min, int max) {
    return new GenericKubernetesResourceBuilder()
        .withApiVersion("test.ownership.dev/v1").withKind("Range")
        .withNewMetadata().withName(name).endMetadata()
        .addToAdditionalProperties("spec", Map.of("min", min, "max", max))
        .build();
  }
}
