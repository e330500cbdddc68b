package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.KubeCluster;
import dev.ownership.testing.kube.Kustomize;
import dev.ownership.testing.kube.NodeFiles;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * deploy/ as {@code kubectl apply -k} sends it, server-side applied to the local control plane: the operator
 * runs as the Deployment's pod, in a container of the image this build made, under the manifests' own RBAC and
 * the restricted Pod Security Standard of their namespace, and takes a migration to Ready.
 */
@ClusterTest
class DeployManifestsClusterIT {
    static final String IMAGE = "ghcr.io/ownership-dev/ownership-operator:0.1.0";
    static final String NAMESPACE = "ownership-system";
    static final String NAME = "ownership-operator";
    static final String OPERATOR_SUBJECT = "system:serviceaccount:" + NAMESPACE + ":" + NAME;
    static final long INSTALL_TIMEOUT_SECONDS = 600;

    /** The operator and its Jobs run in containers of the image this build made. */
    @BeforeAll
    static void runTheBuiltImage(KubeCluster cluster) {
        cluster.containerImage(IMAGE, OperatorImage.archive());
    }

    /**
     * The install is cluster-wide: whatever a previous run (or test) left is removed first and after. The
     * operator goes first (with its namespace), so that it never runs without its rights. The CRD stays:
     * other test classes share it, and deleting it would delete their resources.
     */
    @BeforeEach
    @AfterEach
    void uninstall(KubernetesClient admin) {
        admin.namespaces().withName(NAMESPACE).delete();
        admin.namespaces().withName(NAMESPACE).waitUntilCondition(Objects::isNull, INSTALL_TIMEOUT_SECONDS,
                TimeUnit.SECONDS);
        admin.rbac().clusterRoleBindings().withName(NAME).delete();
        admin.rbac().clusterRoles().withName(NAME).delete();
    }

    @Test
    void clusterRulesAreTheGeneratedOnes(KubernetesClient admin) throws IOException {
        List<HasMetadata> base = Kustomize.build(admin, Path.of("deploy"));
        assertThat(one(base, ClusterRole.class, NAME).getRules())
                .as("deploy/base/rbac.yaml against target/kubernetes/kubernetes.yml")
                .containsExactlyInAnyOrderElementsOf(generatedRules(admin));

        List<HasMetadata> single = Kustomize.build(admin, Path.of("deploy/overlays/single-namespace"));
        assertThat(one(single, Role.class, NAME).getRules()).containsExactlyInAnyOrderElementsOf(generatedRules(admin));
        assertThat(single).noneMatch(o -> o instanceof ClusterRole || o instanceof ClusterRoleBinding);
    }

    @Test
    void baseRunsAMigrationUnderItsOwnClusterRole(KubernetesClient admin, TestNamespace apps) {
        List<HasMetadata> objects = Kustomize.build(admin, Path.of("deploy"));
        Deployment deployment = one(objects, Deployment.class, NAME);
        assertContract(operatorContainer(deployment));
        assertThat(deployment.getSpec().getTemplate().getSpec().getServiceAccountName()).isEqualTo(NAME);
        assertThat(deployment.getSpec().getTemplate().getSpec().getVolumes())
                .anyMatch(v -> v.getName().equals("tmp") && v.getEmptyDir() != null);
        assertThat(env(operatorContainer(deployment), "QUARKUS_OPERATOR_SDK_NAMESPACES")).isNull();

        install(admin, objects);

        assertThat(admin.apiextensions().v1().customResourceDefinitions().withName("ownershipmigrations.ownership.dev")
                .get()).isNotNull();
        assertThat(admin.serviceAccounts().inNamespace(NAMESPACE).withName(NAME).get()).isNotNull();
        assertThat(admin.rbac().clusterRoleBindings().withName(NAME).get().getSubjects())
                .singleElement().satisfies(s -> {
                    assertThat(s.getName()).isEqualTo(NAME);
                    assertThat(s.getNamespace()).isEqualTo(NAMESPACE);
                });
        assertThat(admin.services().inNamespace(NAMESPACE).withName("ownership-operator-metrics").get().getSpec()
                .getPorts()).singleElement().satisfies(p -> assertThat(p.getTargetPort().getStrVal()).isEqualTo("http"));
        assertThat(allowed(admin, "list", "")).as("cluster-wide list of OwnershipMigrations").isTrue();

        migrationBecomesReady(apps);
        assertThat(NodeFiles.bundles(operatorPod(admin), "operator")).as("the operator ran in a runc container")
                .isNotEmpty();
        assertThat(apps.client().pods().list().getItems()).as("the Jobs' pods").isNotEmpty()
                .allSatisfy(pod -> assertThat(NodeFiles.bundles(pod, MigratorJob.CONTAINER))
                        .as("%s ran in a runc container", pod.getMetadata().getName()).isNotEmpty());
        String metrics = fetch(httpPort(admin), "/q/metrics").body();
        assertThat(metrics).as("/q/metrics").contains("ownership_migrations{phase=\"Ready\"} 1.0")
                .contains("ownership_migration_job_seconds_count{action=\"apply\",outcome=\"succeeded\"")
                .contains("ownership_rows_backfilled_total").contains("operator_sdk_")
                .containsPattern("ownership_migration_condition\\{condition=\"Ready\",migration=\"[^\"]+\",migration_namespace=\""
                        + apps.name() + "\",?} 1.0");
    }

    @Test
    void singleNamespaceOverlayGrantsAndWatchesOneNamespace(KubernetesClient admin, TestNamespace watched,
                                                            TestNamespace other) {
        List<HasMetadata> objects = Kustomize.build(admin, Path.of("deploy/overlays/single-namespace"));
        Deployment deployment = one(objects, Deployment.class, NAME);
        assertContract(operatorContainer(deployment));
        assertThat(env(operatorContainer(deployment), "QUARKUS_OPERATOR_SDK_NAMESPACES").getValue()).isEqualTo("apps");
        Role role = one(objects, Role.class, NAME);
        RoleBinding binding = one(objects, RoleBinding.class, NAME);
        assertThat(role.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(binding.getMetadata().getNamespace()).isEqualTo("apps");
        assertThat(binding.getRoleRef().getKind()).isEqualTo("Role");
        assertThat(binding.getSubjects()).singleElement().satisfies(s -> assertThat(s.getNamespace()).isEqualTo(NAMESPACE));

        // the overlay's one setting, as a user's copy would change it
        env(operatorContainer(deployment), "QUARKUS_OPERATOR_SDK_NAMESPACES").setValue(watched.name());
        role.getMetadata().setNamespace(watched.name());
        binding.getMetadata().setNamespace(watched.name());
        install(admin, objects);

        assertThat(allowed(admin, "list", watched.name())).as("list in the watched namespace").isTrue();
        assertThat(allowed(admin, "list", other.name())).as("list in another namespace").isFalse();
        assertThat(allowed(admin, "list", "")).as("cluster-wide list").isFalse();

        var ignored = other.client().resource(ClusterMigrations.migration("elsewhere", "seed2.yaml", "no-db"));
        ignored.create();
        migrationBecomesReady(watched);
        assertThat(ignored.get().getStatus()).as("a resource outside the watched namespace").isNull();
    }

    /** The deployment contract (docs: deploy/README.md) as the rendered manifests carry it. */
    private static void assertContract(Container operator) {
        assertThat(operator.getImage()).isEqualTo(IMAGE);
        assertThat(operator.getArgs()).containsExactly("operator");
        assertThat(env(operator, "OWNERSHIP_MIGRATOR_IMAGE").getValue()).isEqualTo(operator.getImage());
        assertThat(env(operator, "QUARKUS_HTTP_HOST_ENABLED").getValue()).isEqualTo("true");
        assertThat(env(operator, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        assertThat(operator.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/q/health/live");
        assertThat(operator.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/q/health/ready");
        assertThat(operator.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(operator.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(operator.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(operator.getVolumeMounts()).anyMatch(m -> m.getMountPath().equals("/tmp"));
    }

    /**
     * Applies as {@code kubectl apply --server-side -k} would, with any free HTTP port (tests run side by
     * side), and waits for the Deployment and the probes' endpoints (the test node itself ignores probes).
     */
    private static void install(KubernetesClient admin, List<HasMetadata> objects) {
        Container operator = operatorContainer(one(objects, Deployment.class, NAME));
        env(operator, "QUARKUS_HTTP_PORT").setValue("0");
        // Quarkus says which port it took in its startup line
        operator.getEnv().add(new EnvVar("QUARKUS_LOG_CATEGORY__IO_QUARKUS__LEVEL", "INFO", null));
        admin.resourceList(objects).forceConflicts().serverSideApply();
        admin.apps().deployments().inNamespace(NAMESPACE).withName(NAME).waitUntilCondition(
                d -> d != null && d.getStatus() != null && d.getStatus().getConditions() != null
                        && d.getStatus().getConditions().stream()
                        .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True")),
                INSTALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        int port = httpPort(admin);
        for (Probe probe : List.of(operator.getLivenessProbe(), operator.getReadinessProbe())) {
            answersOk(port, probe.getHttpGet().getPath());
        }
    }

    /** The operator pod's HTTP port, from its log in the node's sandbox, once it has started. */
    private static int httpPort(KubernetesClient admin) {
        Path log = NodeFiles.log(operatorPod(admin), "operator");
        Pattern listening = Pattern.compile("Listening on: http://[^:]+:(\\d+)");
        Instant deadline = Instant.now().plusSeconds(INSTALL_TIMEOUT_SECONDS);
        while (Instant.now().isBefore(deadline)) {
            Matcher m = listening.matcher(Files.exists(log) ? read(log) : "");
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            ClusterMigrations.pause();
        }
        throw new AssertionError("the operator never said it listens: " + log);
    }

    private static Pod operatorPod(KubernetesClient admin) {
        return admin.pods().inNamespace(NAMESPACE).withLabel("app.kubernetes.io/component", "operator").list()
                .getItems().get(0);
    }

    /** As a kubelet sees it: ready only once the operator has started, which follows the HTTP server. */
    private static void answersOk(int port, String path) {
        Instant deadline = Instant.now().plusSeconds(INSTALL_TIMEOUT_SECONDS);
        int status;
        while ((status = get(port, path)) != 200 && Instant.now().isBefore(deadline)) {
            ClusterMigrations.pause();
        }
        assertThat(status).as("GET " + path).isEqualTo(200);
    }

    private static int get(int port, String path) {
        return fetch(port, path).statusCode();
    }

    private static HttpResponse<String> fetch(int port, String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void migrationBecomesReady(TestNamespace ns) {
        TestDatabase db = Fixtures.seed2();
        ClusterMigrations.secretFor(ns, db, "media-db");
        var om = ns.client().resource(ClusterMigrations.migration("media-owner", "seed2.yaml", "media-db"));
        om.create();
        OwnershipMigration ready = ClusterMigrations.await(om, ClusterMigrations.has("Ready", "True"));
        assertThat(ready.getStatus().phase).isEqualTo("Ready");
        assertThat(db.count("SELECT count(*) FROM album_media WHERE user_id IS NULL")).isZero();
    }

    /** What the API server's RBAC answers for the operator's ServiceAccount. */
    private static boolean allowed(KubernetesClient admin, String verb, String namespace) {
        SubjectAccessReview review = new SubjectAccessReviewBuilder().withNewSpec().withUser(OPERATOR_SUBJECT)
                .withGroups("system:serviceaccounts", "system:serviceaccounts:" + NAMESPACE, "system:authenticated")
                .withNewResourceAttributes().withGroup(OwnershipMigration.GROUP).withResource("ownershipmigrations")
                .withVerb(verb).withNamespace(namespace).endResourceAttributes().endSpec().build();
        return admin.authorization().v1().subjectAccessReview().create(review).getStatus().getAllowed();
    }

    /** The rules the build generated from the reconciler (target/kubernetes/kubernetes.yml). */
    private static List<PolicyRule> generatedRules(KubernetesClient client) throws IOException {
        try (var generated = new FileInputStream("target/kubernetes/kubernetes.yml")) {
            return one(client.load(generated).items(), ClusterRole.class, "ownershipmigration-cluster-role").getRules();
        }
    }

    private static <T extends HasMetadata> T one(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static Container operatorContainer(Deployment deployment) {
        return deployment.getSpec().getTemplate().getSpec().getContainers().stream()
                .filter(c -> c.getName().equals("operator")).findFirst().orElseThrow();
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElse(null);
    }
}
