package dev.ownership.operator;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * The operator's own ServiceAccount with exactly the ClusterRole the build generates from the reconciler's
 * RBAC annotations (target/kubernetes/kubernetes.yml), and a kubeconfig holding its token: a missing
 * permission fails a cluster test, as it would fail in production. Names are suffixed, one suffix per
 * instance, so test classes and the tests of the Helm chart and of deploy/ never meet a namespace that is
 * still terminating or a ClusterRole of someone else.
 */
final class OperatorIdentity implements AutoCloseable {
    static final String ACCOUNT = "ownership-operator";

    private final KubernetesClient admin;
    private final String namespace;
    private final List<HasMetadata> clusterScoped;
    private final String kubeconfig;

    private OperatorIdentity(KubernetesClient admin, String namespace, List<HasMetadata> clusterScoped,
                             String kubeconfig) {
        this.admin = admin;
        this.namespace = namespace;
        this.clusterScoped = clusterScoped;
        this.kubeconfig = kubeconfig;
    }

    static OperatorIdentity create(KubernetesClient admin) throws IOException {
        String suffix = "-" + Long.toString(System.nanoTime() % 46_656, 36);
        String namespace = "ownership-operator" + suffix;
        admin.resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata().build())
                .serverSideApply();
        admin.resource(new ServiceAccountBuilder().withNewMetadata().withName(ACCOUNT).withNamespace(namespace)
                .endMetadata().build()).serverSideApply();
        List<HasMetadata> rbac = generatedRbac(admin, namespace, suffix);
        rbac.forEach(r -> admin.resource(r).serverSideApply());
        leaderElection(namespace).forEach(r -> admin.resource(r).serverSideApply());
        String token = admin.serviceAccounts().inNamespace(namespace).withName(ACCOUNT)
                .tokenRequest(new TokenRequestBuilder().withNewSpec().withExpirationSeconds(7200L).endSpec().build())
                .getStatus().getToken();
        return new OperatorIdentity(admin, namespace, rbac, kubeconfig(admin.getConfiguration(), token, namespace));
    }

    String kubeconfig() {
        return kubeconfig;
    }

    private static List<HasMetadata> generatedRbac(KubernetesClient admin, String namespace, String suffix)
            throws IOException {
        try (InputStream in = new FileInputStream("target/kubernetes/kubernetes.yml")) {
            List<HasMetadata> all = admin.load(in).items();
            List<HasMetadata> rbac = all.stream()
                    .filter(r -> r instanceof ClusterRole || r instanceof ClusterRoleBinding).toList();
            for (HasMetadata r : rbac) {
                r.getMetadata().setName(r.getMetadata().getName() + suffix);
                if (r instanceof ClusterRoleBinding binding) {
                    binding.getRoleRef().setName(binding.getRoleRef().getName() + suffix);
                    binding.getSubjects().forEach(s -> s.setNamespace(namespace));
                }
            }
            if (rbac.stream().noneMatch(ClusterRole.class::isInstance)) {
                throw new IllegalStateException("no ClusterRole in target/kubernetes/kubernetes.yml: run the build");
            }
            return rbac;
        }
    }

    /** The Lease rights the Helm chart grants with more than one replica (templates/leader-election.yaml). */
    private static List<HasMetadata> leaderElection(String namespace) {
        String name = "ownership-operator-leader-election";
        return List.of(new RoleBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .addNewRule().withApiGroups("coordination.k8s.io").withResources("leases")
                        .withVerbs("get", "create", "update", "patch").endRule().build(),
                new RoleBindingBuilder().withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", name)
                        .addNewSubject().withKind("ServiceAccount").withName(ACCOUNT).withNamespace(namespace)
                        .endSubject().build());
    }

    String namespace() {
        return namespace;
    }

    private static String kubeconfig(Config admin, String token, String namespace) throws IOException {
        String ca = admin.getCaCertData() != null ? admin.getCaCertData()
                : Base64.getEncoder().encodeToString(Files.readAllBytes(Path.of(admin.getCaCertFile())));
        return """
                apiVersion: v1
                kind: Config
                clusters: [{name: local, cluster: {server: "%s", certificate-authority-data: "%s"}}]
                users: [{name: %s, user: {token: "%s"}}]
                contexts: [{name: operator, context: {cluster: local, user: %s, namespace: %s}}]
                current-context: operator
                """.formatted(admin.getMasterUrl(), ca, ACCOUNT, token, ACCOUNT, namespace);
    }

    @Override
    public void close() {
        clusterScoped.forEach(r -> admin.resource(r).delete());
        admin.namespaces().withName(namespace).delete();
    }
}
