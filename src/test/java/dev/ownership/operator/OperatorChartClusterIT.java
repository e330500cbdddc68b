package dev.ownership.operator;

import com.marcnuri.helm.Helm;
import dev.ownership.api.v1alpha1.JobSpec;
import dev.ownership.api.v1alpha1.OwnershipMigration;
import dev.ownership.testing.kube.ClusterTest;
import dev.ownership.testing.kube.KubeCluster;
import dev.ownership.testing.kube.NodeFiles;
import dev.ownership.testing.kube.TestNamespace;
import dev.ownership.testing.pg.Fixtures;
import dev.ownership.testing.pg.TestDatabase;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientTimeoutException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static dev.ownership.operator.OperatorChart.RELEASE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart installed by Helm on the local control plane runs the operator as a Deployment, under the chart's
 * RBAC only (the node gives the pod its ServiceAccount's token), in namespaces that enforce the restricted Pod
 * Security Standard, until a migration is Ready; uninstalling keeps the CRD. The release's cluster-wide objects
 * have fixed names, so the tests install one release at a time (JUnit runs them one after the other).
 */
@ClusterTest
class OperatorChartClusterIT {
    /** The operator's image under another name: the node runs it from the archive this build made. */
    static final String IMAGE_REPOSITORY = "ownership-operator-chart";
    static final String IMAGE = IMAGE_REPOSITORY + ":test";

    @Test
    void overAllNamespacesTheOperatorRunsAMigrationAndUninstallKeepsTheCrd(
            TestNamespace operators, TestNamespace apps, KubeCluster cluster, KubernetesClient admin) {
        String crdUid;
        try {
            install(operators, apps, cluster, admin, "");
            assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).isNotNull();
            crdUid = crd(admin).getMetadata().getUid();

            runMigration(operators, apps, ClusterMigrations.migration("videos-owner", "seed1.yaml", "bookmarks-db"));
        } finally {
            uninstall(operators, cluster);
        }

        assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).as("uninstall removes the ClusterRole").isNull();
        assertThat(crd(admin)).as("uninstall keeps the CRD").isNotNull()
                .satisfies(crd -> assertThat(crd.getMetadata().getUid()).as("the same CRD, never deleted").isEqualTo(crdUid));
    }

    /** Nothing cluster-wide: Roles in the watched namespace, and the migrator's access made by the chart. */
    @Test
    void inAWatchedNamespaceTheOperatorNeedsOnlyItsRoles(
            TestNamespace operators, TestNamespace apps, KubeCluster cluster, KubernetesClient admin) {
        try {
            install(operators, apps, cluster, admin, """
                    watchNamespaces: [%1$s]
                    migratorAccess: {namespaces: [%1$s]}
                    """.formatted(apps.name()));
            assertThat(admin.rbac().clusterRoles().withName(RELEASE).get()).isNull();
            assertThat(admin.rbac().clusterRoleBindings().withName(RELEASE).get()).isNull();

            OwnershipMigration migration = ClusterMigrations.migration("videos-owner", "seed1.yaml", "bookmarks-db");
            migration.getSpec().job = new JobSpec();
            migration.getSpec().job.serviceAccountName = "ownership-migrator";
            runMigration(operators, apps, migration);
            assertThat(apps.client().rbac().roles().withName("ownership-migrator").get().getMetadata().getManagedFields())
                    .as("the chart's migrator Role, which the operator left alone").extracting(f -> f.getManager())
                    .isNotEmpty().doesNotContain("fabric8");
        } finally {
            uninstall(operators, cluster);
        }
    }

    /** Installs the chart into {@code operators}, its pods and {@code apps}' Jobs in containers of the built image. */
    private static void install(TestNamespace operators, TestNamespace apps, KubeCluster cluster, KubernetesClient admin,
                                String values) {
        cluster.containerImage(IMAGE_REPOSITORY, OperatorImage.archive());
        enforceRestricted(admin, operators);
        enforceRestricted(admin, apps);
        OperatorChart.helm().install().withName(RELEASE).withNamespace(operators.name())
                .withKubeConfigContents(cluster.kubeconfig())
                .withValuesFile(OperatorChart.valuesFile("""
                        image: {repository: %s, tag: test}
                        extraEnv:
                          - {name: QUARKUS_HTTP_PORT, value: "0"}
                        """.formatted(IMAGE_REPOSITORY) + values))
                .call();
        explained(operators, () -> operators.client().apps().deployments().withName(RELEASE)
                .waitUntilCondition(OperatorChartClusterIT::available, 5, TimeUnit.MINUTES));
    }

    private static void runMigration(TestNamespace operators, TestNamespace apps, OwnershipMigration migration) {
        TestDatabase db = Fixtures.seed1(500);
        ClusterMigrations.secretFor(apps, db, migration.getSpec().database.secretRef.name);
        var om = apps.client().resource(migration);
        om.create();
        OwnershipMigration ready = explained(operators, () -> ClusterMigrations.await(om, ClusterMigrations.has("Ready", "True")));

        assertThat(ready.getStatus().phase).isEqualTo("Ready");
        assertThat(db.count("SELECT count(*) FROM videos WHERE user_id IS NULL")).isZero();
        assertThat(apps.client().batch().v1().jobs().list().getItems())
                .as("the Jobs run the operator's image (OWNERSHIP_MIGRATOR_IMAGE)").isNotEmpty()
                .allSatisfy(job -> assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                        .isEqualTo(IMAGE));
    }

    private static void uninstall(TestNamespace operators, KubeCluster cluster) {
        Helm.uninstall(RELEASE).withNamespace(operators.name()).withKubeConfigContents(cluster.kubeconfig()).call();
    }

    private static void enforceRestricted(KubernetesClient admin, TestNamespace namespace) {
        admin.namespaces().withName(namespace.name()).edit(ns -> {
            ns.getMetadata().getLabels().put("pod-security.kubernetes.io/enforce", "restricted");
            return ns;
        });
    }

    private static boolean available(Deployment deployment) {
        return deployment != null && deployment.getStatus() != null && deployment.getStatus().getConditions() != null
                && deployment.getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("Available") && c.getStatus().equals("True"));
    }

    private static CustomResourceDefinition crd(KubernetesClient admin) {
        return admin.apiextensions().v1().customResourceDefinitions().withName("ownershipmigrations.ownership.dev").get();
    }

    /** A wait that times out fails with what the operator's pods logged (there is no kubectl logs here). */
    private static <T> T explained(TestNamespace operators, Supplier<T> wait) {
        try {
            return wait.get();
        } catch (KubernetesClientTimeoutException e) {
            throw new AssertionError(e.getMessage() + "\noperator pods' logs:\n" + podLogs(operators), e);
        }
    }

    private static String podLogs(TestNamespace namespace) {
        Path dir = NodeFiles.namespace(namespace.name());
        if (!Files.isDirectory(dir)) {
            return "(no pod ran in " + namespace.name() + "; pods: " + namespace.client().pods().list().getItems()
                    .stream().map(p -> p.getMetadata().getName() + " " + p.getStatus()).toList() + ")";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".log")).map(f -> {
                try {
                    return "== " + dir.relativize(f) + "\n" + Files.readString(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).collect(Collectors.joining("\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
