package dev.ownership.operator;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ownership.testing.kube.Kubectl;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The monitoring manifests through the tools that read them, without a cluster: the chart's PrometheusRule through
 * promtool (built by hack/promtool/build.sh before the integration tests), which checks the rules and runs
 * alert-rules-test.yaml on them; deploy/components/grafana-dashboard through kubectl kustomize (the control plane's
 * kubectl). ITs because both tools are built with Go, as the cluster tests' binaries are.
 */
class MonitoringIT {
    static final Path PROMTOOL = Path.of("target", "tools", "promtool");

    @TempDir
    Path dir;

    @Test
    void promtoolAcceptsTheRulesAndTheirTestsPass() throws IOException, InterruptedException {
        GenericKubernetesResource rule = OperatorChart.one(OperatorChart.render("operators",
                "metrics: {prometheusRule: {enabled: true}}"), GenericKubernetesResource.class);
        Files.writeString(dir.resolve("rules.yaml"), Serialization.asYaml(Map.of("groups", rule.get("spec", "groups"))));
        try (InputStream test = getClass().getResourceAsStream("alert-rules-test.yaml")) {
            Files.copy(test, dir.resolve("alert-rules-test.yaml"));
        }

        assertThat(promtool("check", "rules", "rules.yaml")).contains("SUCCESS: 2 rules found");
        assertThat(promtool("test", "rules", "alert-rules-test.yaml")).contains("SUCCESS");
    }

    @Test
    void theKustomizeComponentAddsTheChartsDashboardAndNothingElse() throws IOException {
        Path root = Files.createDirectories(Path.of("target", "monitoring-kustomization"));
        Files.writeString(root.resolve("kustomization.yaml"), """
                resources: [../../deploy]
                components: [../../deploy/components/grafana-dashboard]
                """);

        List<HasMetadata> with = OperatorChart.parse(Kubectl.run("kustomize", root.toString()));
        List<HasMetadata> without = OperatorChart.parse(Kubectl.run("kustomize", "deploy"));

        ConfigMap dashboard = OperatorChart.one(with, ConfigMap.class);
        assertThat(dashboard.getMetadata().getName()).isEqualTo("ownership-operator-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("ownership-system");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1");
        assertThat(new ObjectMapper().readTree(dashboard.getData().get("ownership-operator.json")))
                .isEqualTo(GrafanaDashboardTest.dashboard());
        assertThat(with.stream().filter(o -> o != dashboard).map(Serialization::asYaml))
                .as("deploy/ as it is").containsExactlyInAnyOrderElementsOf(without.stream().map(Serialization::asYaml).toList());
    }

    private String promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("promtool %s:%n%s", String.join(" ", args), out).isZero();
        return out;
    }
}
