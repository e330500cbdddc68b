package dev.ownership.demo;

import dev.ownership.api.v1alpha1.MigrationDocumentReader;
import dev.ownership.engine.InvalidSpecException;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.TestNamespace;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable.Validation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every file of examples/ as a user applies it: the API server takes each document under the CRD's schema
 * (server-side apply, dry run, unknown fields refused), the engine reads the same file without a problem, and
 * the demo has the schema it migrates.
 */
@ClusterTest
class ExamplesClusterIT {
    static final Path EXAMPLES = Path.of("examples");

    @BeforeAll
    static void installCrd(KubernetesClient admin) throws IOException {
        try (var crd = new FileInputStream("crds/ownershipmigrations.ownership.dev-v1.yml")) {
            admin.load(crd).serverSideApply();
        }
    }

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<Path> yaml = files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
            assertThat(yaml).as("examples in " + EXAMPLES.toAbsolutePath()).isNotEmpty();
            return yaml.stream();
        }
    }

    static String name(Path example) {
        return example.getFileName().toString().replaceFirst("\\.yaml$", "");
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theApiServerAcceptsEveryDocument(Path example, TestNamespace ns) throws IOException {
        for (GenericKubernetesResource resource : ExampleResources.parse(Files.readString(example))) {
            dryRunApply(ns, resource);
        }
        assertThat(ns.client().secrets().withName(secretName(example)).get()).as("a dry run stores nothing").isNull();
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theEngineAcceptsTheMigrationAndItsSecretIsBeside(Path example) throws IOException {
        assertThat(MigrationDocumentReader.read(example).name()).isEqualTo(name(example));

        List<GenericKubernetesResource> resources = ExampleResources.parse(Files.readString(example));
        GenericKubernetesResource secret = resources.stream()
                .filter(r -> ExampleResources.SECRET.equals(r.getKind())).findFirst().orElseThrow();
        assertThat(secret.getMetadata().getName()).as("the Secret the migration names").isEqualTo(secretName(example));
        assertThat(ExampleResources.stringData(secret)).containsOnlyKeys(ExampleResources.SECRET_KEYS);
    }

    @ParameterizedTest
    @MethodSource("examples")
    void theDemoHasTheSchemaItMigrates(Path example) {
        assertThat(DemoScenario.ofExample(name(example)).schema(10)).contains("CREATE TABLE");
    }

    @Test
    void everyDemoScenarioIsAnExample() throws IOException {
        assertThat(examples().map(ExamplesClusterIT::name))
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(DemoScenario.values()).map(DemoScenario::example).toList());
    }

    /** What the checks above are for: a typo anywhere fails, and the failure names the field. */
    @Test
    void aTypoFailsNamingTheField(TestNamespace ns) throws IOException {
        String yaml = Files.readString(EXAMPLES.resolve("videos-owner.yaml"));
        String inSpec = yaml.replace("onDelete: Cascade", "onDelet: Cascade");
        String inSecret = yaml.replace("stringData:", "stringdata:");

        assertThatThrownBy(() -> ExampleResources.parse(inSpec).forEach(r -> dryRunApply(ns, r)))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("onDelet");
        assertThatThrownBy(() -> MigrationDocumentReader.read("videos-owner.yaml", inSpec))
                .isInstanceOf(InvalidSpecException.class).hasMessageContaining("spec.targets[1].onDelet: unknown field");
        assertThatThrownBy(() -> ExampleResources.parse(inSecret).forEach(r -> dryRunApply(ns, r)))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("stringdata");
    }

    static void dryRunApply(TestNamespace ns, GenericKubernetesResource resource) {
        ns.client().resource(resource).inNamespace(ns.name()).dryRun().fieldValidation(Validation.STRICT)
                .serverSideApply();
    }

    @SuppressWarnings("unchecked")
    static String secretName(Path example) throws IOException {
        GenericKubernetesResource migration = ExampleResources.parse(Files.readString(example)).stream()
                .filter(r -> ExampleResources.MIGRATION.equals(r.getKind())).findFirst().orElseThrow();
        Map<String, Object> spec = (Map<String, Object>) migration.getAdditionalProperties().get("spec");
        return ((Map<String, Map<String, String>>) spec.get("database")).get("secretRef").get("name");
    }
}
