package dev.ownership.testing.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The garbage collector deletes what a deleted object owned, and only that. */
@ClusterTest
class GarbageCollectionClusterIT {

  @Test
  void deletingAnOwnerCollectsWhatItOwns(TestNamespace namespace) {
    var configMaps = namespace.client().configMaps();
    ConfigMap owner = configMaps.resource(configMap("owner")).create();
    configMaps.resource(new ConfigMapBuilder(configMap("owned")).editMetadata()
        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
            .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid()).build())
        .endMetadata().build()).create();
    configMaps.resource(configMap("unrelated")).create();

    configMaps.withName("owner").delete();

    configMaps.withName("owned").waitUntilCondition(Objects::isNull, 60, TimeUnit.SECONDS);
    assertThat(configMaps.withName("unrelated").get()).isNotNull();
  }

  private static ConfigMap configMap(String name) {
    return new ConfigMapBuilder().withNewMetadata().withName(name).endMetadata().addToData("k", "v").build();
  }
}
