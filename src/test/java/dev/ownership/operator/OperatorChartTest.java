package dev.ownership.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static dev.ownership.operator.OperatorChart.all;
import static dev.ownership.operator.OperatorChart.deployment;
import static dev.ownership.operator.OperatorChart.one;
import static dev.ownership.operator.OperatorChart.permissions;
import static dev.ownership.operator.OperatorChart.render;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chart as Helm lints and renders it, without a cluster. */
class OperatorChartTest {
    static final String DEFAULT_IMAGE = "ghcr.io/ownership-dev/ownership-operator:0.1.0";

    @Test
    void lintIsCleanInStrictMode() {
        LintResult lint = OperatorChart.helm().lint().strict().call();

        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[WARNING]") || m.contains("[ERROR]"));
    }

    @Test
    void defaultsRunOneOperatorOverAllNamespaces() {
        List<HasMetadata> objects = render("operators", "");
        Container operator = container(deployment(objects));

        assertThat(operator.getImage()).isEqualTo(DEFAULT_IMAGE);
        assertThat(operator.getArgs()).containsExactly("operator");
        assertThat(env(operator)).containsEntry("QUARKUS_HTTP_HOST_ENABLED", "true")
                .containsEntry("QUARKUS_HTTP_PORT", "8080").containsEntry("OWNERSHIP_MIGRATOR_IMAGE", DEFAULT_IMAGE)
                .doesNotContainKeys("QUARKUS_OPERATOR_SDK_NAMESPACES", "OWNERSHIP_LEADER_ELECTION_ENABLED");
        assertThat(variable(operator, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(deployment(objects).getSpec().getStrategy().getType())
                .as("one operator at a time without leader election").isEqualTo("Recreate");

        ClusterRoleBinding binding = one(objects, ClusterRoleBinding.class);
        assertThat(binding.getRoleRef().getName()).isEqualTo(one(objects, ClusterRole.class).getMetadata().getName());
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> {
            assertThat(s.getName()).isEqualTo(deployment(objects).getSpec().getTemplate().getSpec().getServiceAccountName());
            assertThat(s.getNamespace()).isEqualTo("operators");
        });
        assertThat(one(objects, ServiceAccount.class).getMetadata().getNamespace()).isEqualTo("operators");
        assertThat(all(objects, Role.class)).as("no leases Role, no migrator Role").isEmpty();
        assertThat(all(objects, GenericKubernetesResource.class)).as("no ServiceMonitor").isEmpty();
        assertThat(one(objects, Service.class).getSpec().getPorts()).singleElement()
                .satisfies(p -> assertThat(p.getPort()).isEqualTo(8080));
    }

    @Test
    void thePodMeetsTheRestrictedPodSecurityStandard() {
        Deployment deployment = deployment(render("operators", ""));
        var pod = deployment.getSpec().getTemplate().getSpec();
        var container = container(deployment).getSecurityContext();

        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(container.getAllowPrivilegeEscalation()).isFalse();
        assertThat(container.getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(container.getReadOnlyRootFilesystem()).isTrue();
        assertThat(container(deployment).getVolumeMounts()).singleElement()
                .satisfies(m -> assertThat(m.getMountPath()).isEqualTo("/tmp"));
        assertThat(pod.getVolumes()).singleElement().satisfies(v -> assertThat(v.getEmptyDir()).isNotNull());
    }

    @Test
    void otherValuesReachTheirObjects() {
        List<HasMetadata> objects = render("operators", """
                image: {repository: registry.example.com/ownership-operator, tag: 1.2.3, pullPolicy: Always}
                replicaCount: 2
                watchNamespaces: [team-a, team-b]
                migratorAccess: {namespaces: [team-a]}
                metrics: {serviceMonitor: {enabled: true, interval: 15s, labels: {release: prometheus}}}
                extraEnv:
                  - {name: QUARKUS_HTTP_PORT, value: "9090"}
                  - {name: JAVA_TOOL_OPTIONS, value: -XX:MaxRAMPercentage=75}
                podAnnotations: {team: platform}
                nodeSelector: {kubernetes.io/os: linux}
                """);
        Deployment deployment = deployment(objects);
        Container operator = container(deployment);

        assertThat(operator.getImage()).isEqualTo("registry.example.com/ownership-operator:1.2.3");
        assertThat(operator.getImagePullPolicy()).isEqualTo("Always");
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(env(operator)).containsEntry("OWNERSHIP_MIGRATOR_IMAGE", "registry.example.com/ownership-operator:1.2.3")
                .containsEntry("OWNERSHIP_MIGRATOR_IMAGE_PULL_POLICY", "Always")
                .containsEntry("QUARKUS_OPERATOR_SDK_NAMESPACES", "team-a,team-b")
                .containsEntry("OWNERSHIP_LEADER_ELECTION_ENABLED", "true")
                .containsEntry("QUARKUS_HTTP_PORT", "9090").containsEntry("JAVA_TOOL_OPTIONS", "-XX:MaxRAMPercentage=75");
        assertThat(operator.getEnv()).extracting(EnvVar::getName).doesNotHaveDuplicates();
        assertThat(deployment.getSpec().getStrategy()).as("a rolling update: the replicas elect a leader").isNull();
        assertThat(deployment.getSpec().getTemplate().getMetadata().getAnnotations()).containsEntry("team", "platform");
        assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector()).containsEntry("kubernetes.io/os", "linux");

        assertThat(all(objects, ClusterRole.class)).as("nothing cluster-wide").isEmpty();
        assertThat(all(objects, ClusterRoleBinding.class)).isEmpty();
        for (String namespace : List.of("team-a", "team-b")) {
            assertThat(permissions(role(objects, "ownership-operator", namespace).getRules()))
                    .isEqualTo(permissions(one(render("operators", ""), ClusterRole.class).getRules()));
            assertThat(roleBinding(objects, "ownership-operator", namespace).getSubjects()).singleElement()
                    .satisfies(s -> assertThat(s.getNamespace()).isEqualTo("operators"));
        }
        assertThat(permissions(role(objects, "ownership-operator-leader-election", "operators").getRules()))
                .containsExactly("coordination.k8s.io/leases:create", "coordination.k8s.io/leases:get",
                        "coordination.k8s.io/leases:patch", "coordination.k8s.io/leases:update");

        GenericKubernetesResource monitor = one(objects, GenericKubernetesResource.class);
        assertThat(monitor.getKind()).isEqualTo("ServiceMonitor");
        assertThat(monitor.getMetadata().getLabels()).containsEntry("release", "prometheus");
        assertThat(monitor.get("spec", "endpoints", 0, "path").toString()).isEqualTo("/q/metrics");
        assertThat(monitor.get("spec", "endpoints", 0, "interval").toString()).isEqualTo("15s");
    }

    @Test
    void leaderElectionFollowsAnExplicitValue() {
        assertThat(env(container(deployment(render("operators", "leaderElection: {enabled: true}")))))
                .containsEntry("OWNERSHIP_LEADER_ELECTION_ENABLED", "true");
        List<HasMetadata> off = render("operators", "{replicaCount: 1, leaderElection: {enabled: false}}");
        assertThat(env(container(deployment(off)))).doesNotContainKey("OWNERSHIP_LEADER_ELECTION_ENABLED");
        assertThat(all(off, Role.class)).isEmpty();
    }

    @Test
    void aSeparateMigratorImageReachesOnlyTheJobs() {
        Container operator = container(deployment(render("operators", "migratorImage: mirror.example.com/migrator:0.1.0")));

        assertThat(operator.getImage()).isEqualTo(DEFAULT_IMAGE);
        assertThat(env(operator)).containsEntry("OWNERSHIP_MIGRATOR_IMAGE", "mirror.example.com/migrator:0.1.0");
    }

    @Test
    void migratorSettingsReachTheOperatorOnlyWhenSet() {
        Container operator = container(deployment(render("operators", """
                migrator:
                  allowedImages: [mirror.example.com/migrator:2, "registry.example.com/ownership-operator:*"]
                  allowedServiceAccounts: [db-migrator]
                  resources: {requests: {cpu: 200m, memory: 512Mi}, limits: {memory: 1Gi}}
                """)));

        assertThat(env(operator))
                .containsEntry("OWNERSHIP_ALLOWED_IMAGES", "mirror.example.com/migrator:2,registry.example.com/ownership-operator:*")
                .containsEntry("OWNERSHIP_ALLOWED_SERVICE_ACCOUNTS", "db-migrator");
        assertThat(OperatorSettings.migratorResources(Optional.of(env(operator).get("OWNERSHIP_MIGRATOR_RESOURCES"))))
                .as("what the operator reads").isEqualTo(new ResourceRequirementsBuilder()
                        .addToRequests("cpu", new Quantity("200m")).addToRequests("memory", new Quantity("512Mi"))
                        .addToLimits("memory", new Quantity("1Gi")).build());
        assertThat(env(container(deployment(render("operators", "")))))
                .doesNotContainKeys("OWNERSHIP_ALLOWED_IMAGES", "OWNERSHIP_ALLOWED_SERVICE_ACCOUNTS",
                        "OWNERSHIP_MIGRATOR_RESOURCES");
        assertThatThrownBy(() -> render("operators", "migrator: {allowedImages: [registry.example.com/*/migrator:1]}"))
                .hasMessageContaining("allowedImages");
        assertThatThrownBy(() -> render("operators", "migrator: {allowedServiceAccounts: [Not_An_Account]}"))
                .hasMessageContaining("allowedServiceAccounts");
        assertThatThrownBy(() -> render("operators", "migrator: {resources: {request: {cpu: 1}}}"))
                .hasMessageContaining("invalid propertyName 'request'");
    }

    /** The same objects the operator would create for its Jobs (MigratorAccess), so either may own them. */
    @Test
    void migratorAccessIsWhatTheOperatorWouldCreate() {
        List<HasMetadata> objects = render("operators", "migratorAccess: {namespaces: [team-a]}");
        List<HasMetadata> desired = MigratorAccess.desired("team-a", "ownership-migrator");

        ServiceAccount account = named(objects, ServiceAccount.class, "ownership-migrator", "team-a");
        assertThat(account.getAutomountServiceAccountToken())
                .isEqualTo(one(desired, ServiceAccount.class).getAutomountServiceAccountToken());
        assertThat(role(objects, "ownership-migrator", "team-a").getRules())
                .isEqualTo(one(desired, Role.class).getRules());
        RoleBinding binding = roleBinding(objects, "ownership-migrator", "team-a");
        assertThat(binding.getRoleRef()).isEqualTo(one(desired, RoleBinding.class).getRoleRef());
        assertThat(binding.getSubjects()).isEqualTo(one(desired, RoleBinding.class).getSubjects());
    }

    @Test
    void theDashboardAndTheAlertsRenderOnlyWhenEnabled() throws IOException {
        List<HasMetadata> objects = render("operators", """
                metrics:
                  grafanaDashboard: {enabled: true, labels: {team: platform}}
                  prometheusRule: {enabled: true, reconcilingFor: 2h, labels: {release: prometheus}}
                """);

        ConfigMap dashboard = one(objects, ConfigMap.class);
        assertThat(dashboard.getMetadata().getName()).isEqualTo("ownership-operator-dashboard");
        assertThat(dashboard.getMetadata().getNamespace()).isEqualTo("operators");
        assertThat(dashboard.getMetadata().getLabels()).containsEntry("grafana_dashboard", "1").containsEntry("team", "platform");
        assertThat(new ObjectMapper().readTree(dashboard.getData().get("ownership-operator.json")))
                .as("the chart's dashboards/ownership-operator.json, as it is").isEqualTo(GrafanaDashboardTest.dashboard());

        GenericKubernetesResource rule = one(objects, GenericKubernetesResource.class);
        assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.getKind()).isEqualTo("PrometheusRule");
        assertThat(rule.getMetadata().getLabels()).containsEntry("release", "prometheus");
        Map<String, Map<String, Object>> alerts = OperatorChart.alerts(rule);
        assertThat(alerts).containsOnlyKeys("OwnershipMigrationStalled", "OwnershipMigrationReconcilingTooLong");
        assertThat(alerts.get("OwnershipMigrationStalled")).containsEntry("for", "5m");
        assertThat(alerts.get("OwnershipMigrationReconcilingTooLong")).containsEntry("for", "2h");
        assertThat(alerts.values()).allSatisfy(alert -> assertThat(ExportedMetrics.namesIn((String) alert.get("expr")))
                .isNotEmpty().isSubsetOf(ExportedMetrics.names()));

        List<HasMetadata> defaults = render("operators", "");
        assertThat(all(defaults, ConfigMap.class)).as("no dashboard by default").isEmpty();
        assertThat(all(defaults, GenericKubernetesResource.class)).as("no PrometheusRule by default").isEmpty();
    }

    @Test
    void aServiceMonitorNeedsTheMetricsService() {
        assertThatThrownBy(() -> render("operators", "metrics: {service: {enabled: false}, serviceMonitor: {enabled: true}}"))
                .hasMessageContaining("metrics.serviceMonitor.enabled needs metrics.service.enabled");
    }

    @Test
    void replicasWithoutLeaderElectionAreRefused() {
        assertThatThrownBy(() -> render("operators", "replicaCount: 2\nleaderElection: {enabled: false}"))
                .hasMessageContaining("leaderElection.enabled: false needs replicaCount: 1");
    }

    @Test
    void installNotesTellTheNextCommands() {
        String notes = OperatorChart.helm().install().withName(OperatorChart.RELEASE).withNamespace("operators")
                .clientOnly().dryRun().withValuesFile(OperatorChart.valuesFile("watchNamespaces: [team-a, team-b]"))
                .call().getOutput();

        assertThat(notes).contains("watching\nthe namespaces team-a, team-b", "kubectl get om -A",
                "kubectl apply -n NAMESPACE -f videos-owner.yaml",
                "kubectl wait -n NAMESPACE --for=condition=Ready om/videos-owner",
                "kubectl logs -n operators deployment/ownership-operator", "keeps the OwnershipMigration CRD");
    }

    @Test
    void theSchemaRefusesATypoNamingTheField() {
        assertThatThrownBy(() -> render("operators", "replicaCont: 2")).hasMessageContaining("replicaCont");
        assertThatThrownBy(() -> render("operators", "image: {repository: x, tga: latest}")).hasMessageContaining("tga");
        assertThatThrownBy(() -> render("operators", "watchNamespaces: team-a")).hasMessageContaining("watchNamespaces");
        assertThatThrownBy(() -> render("operators", "metrics: {prometheusRule: {reconcilingFor: 6 hours}}"))
                .hasMessageContaining("reconcilingFor");
    }

    @Test
    void theChartHoldsTheProjectsCrds() throws IOException {
        List<Path> projectCrds = yamlFiles(Path.of("crds"));
        assertThat(yamlFiles(OperatorChart.DIR.resolve("crds"))).extracting(Path::getFileName)
                .as("cp crds/*.yml helm/ownership-operator/crds/")
                .containsExactlyInAnyOrderElementsOf(projectCrds.stream().map(Path::getFileName).toList());
        for (Path crd : projectCrds) {
            assertThat(OperatorChart.DIR.resolve("crds").resolve(crd.getFileName()))
                    .as("helm/ownership-operator/crds/%s is stale: cp crds/%1$s helm/ownership-operator/crds/", crd.getFileName())
                    .hasSameTextualContentAs(crd);
        }
    }

    /** Every value the schema knows is in values.yaml and in the README's table, and nothing else is. */
    @Test
    void everyValueIsDocumented() throws IOException {
        JsonNode schema = new ObjectMapper().readTree(OperatorChart.DIR.resolve("values.schema.json").toFile());
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(OperatorChart.DIR.resolve("values.yaml").toFile());
        Set<String> settable = new TreeSet<>();
        valuePaths(schema, "", settable);
        settable.remove("global");
        String readme = Files.readString(OperatorChart.DIR.resolve("README.md"));

        assertThat(settable).allSatisfy(path -> {
            assertThat(values.at("/" + path.replace('.', '/')).isMissingNode()).as("%s in values.yaml", path).isFalse();
            assertThat(readme).as("%s in README.md's table", path).contains("| `" + path + "` |");
        });
        assertThat(readme.lines().filter(line -> line.startsWith("| `")).map(line -> line.substring(3, line.indexOf('`', 3))))
                .as("documented values the schema does not know").allMatch(settable::contains);
    }

    /** Paths of the values: the schema's properties, down to those without properties of their own. */
    private static void valuePaths(JsonNode schema, String prefix, Set<String> paths) {
        schema.path("properties").fields().forEachRemaining(property -> {
            String path = prefix + property.getKey();
            if (property.getValue().has("properties")) {
                valuePaths(property.getValue(), path + ".", paths);
            } else {
                paths.add(path);
            }
        });
    }

    /** The CRD files of a directory: crds/ also holds the kustomization that lets deploy/ include them. */
    private static List<Path> yamlFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        }
    }

    static Container container(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The plain variables; those from a source map to null. */
    static Map<String, String> env(Container container) {
        return container.getEnv().stream().collect(java.util.HashMap::new,
                (map, variable) -> map.put(variable.getName(), variable.getValue()), Map::putAll);
    }

    static EnvVar variable(Container container, String name) {
        return container.getEnv().stream().filter(v -> v.getName().equals(name)).findFirst().orElseThrow();
    }

    static Role role(List<HasMetadata> objects, String name, String namespace) {
        return named(objects, Role.class, name, namespace);
    }

    static RoleBinding roleBinding(List<HasMetadata> objects, String name, String namespace) {
        return named(objects, RoleBinding.class, name, namespace);
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> type, String name, String namespace) {
        Optional<T> found = all(objects, type).stream().filter(o -> o.getMetadata().getName().equals(name)
                && namespace.equals(o.getMetadata().getNamespace())).findFirst();
        return found.orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + namespace + "/" + name));
    }
}
