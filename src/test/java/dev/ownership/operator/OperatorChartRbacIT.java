package dev.ownership.operator;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static dev.ownership.operator.OperatorChart.all;
import static dev.ownership.operator.OperatorChart.one;
import static dev.ownership.operator.OperatorChart.permissions;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chart's copy of the operator's permissions is the one the build generates from the reconciler's
 * {@code @RBACRule}s and the Quarkus Operator SDK (target/kubernetes/kubernetes.yml, so: run after package).
 */
class OperatorChartRbacIT {

    @Test
    void chartRulesAreTheGeneratedOnes() throws IOException {
        List<ClusterRole> generated = all(OperatorChart.parse(
                Files.readString(Path.of("target", "kubernetes", "kubernetes.yml"))), ClusterRole.class);
        ClusterRole chart = one(OperatorChart.render("operators", ""), ClusterRole.class);

        assertThat(generated).as("ClusterRoles in target/kubernetes/kubernetes.yml").isNotEmpty();
        assertThat(permissions(chart.getRules()))
                .as("the rules in helm/ownership-operator/templates/_helpers.tpl (ownership-operator.rules)")
                .isEqualTo(permissions(generated.stream().flatMap(role -> role.getRules().stream()).toList()));
    }
}
