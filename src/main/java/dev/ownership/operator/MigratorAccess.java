package dev.ownership.operator;

import dev.ownership.api.v1alpha1.OwnershipMigration;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.RoleBuilder;

import java.util.List;

/**
 * The migrator pods' identity in a namespace: a ServiceAccount whose Role allows only patching the
 * status of OwnershipMigrations (the live progress) and writing ConfigMaps (a plan's text, {@link PlanConfigMap}),
 * nothing else. Writing ConfigMaps cannot be narrowed to the plans' names (RBAC cannot restrict create by name);
 * it is no read access, and the pod holds the database's credentials anyway, a far wider grant.
 */
final class MigratorAccess {
    private MigratorAccess() {
    }

    static List<HasMetadata> desired(String namespace, String serviceAccount) {
        return List.of(
                new ServiceAccountBuilder().withNewMetadata().withName(serviceAccount).withNamespace(namespace)
                        .endMetadata().withAutomountServiceAccountToken(true).build(),
                new RoleBuilder().withNewMetadata().withName(serviceAccount).withNamespace(namespace).endMetadata()
                        .withRules(new PolicyRuleBuilder().withApiGroups(OwnershipMigration.GROUP)
                                .withResources("ownershipmigrations/status").withVerbs("get", "patch").build(),
                                // server-side apply of an absent object is authorized as create
                                new PolicyRuleBuilder().withApiGroups("").withResources("configmaps")
                                        .withVerbs("create", "patch").build())
                        .build(),
                new RoleBindingBuilder().withNewMetadata().withName(serviceAccount).withNamespace(namespace)
                        .endMetadata()
                        .withNewRoleRef("rbac.authorization.k8s.io", "Role", serviceAccount)
                        .addNewSubject().withKind("ServiceAccount").withName(serviceAccount).withNamespace(namespace)
                        .endSubject().build());
    }
}
