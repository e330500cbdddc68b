package dev.ownership.gitops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The GitOps material in docs/: Argo CD's health check gives each recorded status its verdict, kstatus
 * agrees, and the snippets carry what they claim to.
 */
class GitOpsDocsTest {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    @ParameterizedTest
    @EnumSource(StatusFixture.class)
    void recordedStatusGetsItsVerdicts(StatusFixture fixture) {
        ArgoCdHealth.Verdict health = ArgoCdHealth.of(fixture.load());
        assertThat(health.status()).isEqualTo(fixture.health);
        assertThat(health.message()).isNotBlank();
        assertThat(KStatus.evaluate(fixture.load()).status()).isEqualTo(fixture.kstatus);
    }

    @Test
    void healthMessagesNameTheConditionsReason() {
        assertThat(ArgoCdHealth.of(StatusFixture.STALLED.load()).message())
                .isEqualTo("SecretNotReady: Secret missing-db does not exist");
        assertThat(ArgoCdHealth.of(StatusFixture.AWAITING_APPROVAL.load()).message())
                .startsWith("ApprovalRequired: plan ").contains("kubectl annotate om manual ownership.dev/approve=");
        assertThat(ArgoCdHealth.of(StatusFixture.NEW_GENERATION.load()).message())
                .isEqualTo("Waiting for the operator to observe generation 2");
    }

    @Test
    void argoCdConfigMapEmbedsTheHealthScriptUnchanged() throws IOException {
        JsonNode cm = YAML.readTree(Path.of("docs/argocd/argocd-cm.yaml").toFile());
        assertThat(cm.at("/metadata/name").asText()).isEqualTo("argocd-cm");
        assertThat(cm.at("/data").size()).isOne();
        assertThat(cm.at("/data/resource.customizations.health.ownership.dev_OwnershipMigration").asText())
                .isEqualTo(ArgoCdHealth.script());
    }

    @Test
    void fluxExampleWaitsForTheMigrationBeforeTheApp() throws IOException {
        List<JsonNode> docs;
        try (YAMLParser parser = new YAMLFactory().createParser(Path.of("docs/flux/kustomization.yaml").toFile())) {
            docs = YAML.readValues(parser, JsonNode.class).readAll();
        }
        JsonNode migrations = named(docs, "bookmarks-migrations");
        JsonNode check = migrations.at("/spec/healthChecks/0");
        assertThat(check.at("/apiVersion").asText()).isEqualTo("ownership.dev/v1alpha1");
        assertThat(check.at("/kind").asText()).isEqualTo("OwnershipMigration");
        assertThat(migrations.at("/spec/dependsOn/0/name").asText()).isEqualTo("ownership-operator");
        assertThat(named(docs, "bookmarks-app").at("/spec/dependsOn/0/name").asText()).isEqualTo("bookmarks-migrations");
        assertThat(named(docs, "ownership-operator").at("/spec/wait").asBoolean()).isTrue();
    }

    private static JsonNode named(List<JsonNode> docs, String name) {
        return docs.stream().filter(d -> d.at("/metadata/name").asText().equals(name)).findFirst().orElseThrow();
    }
}
