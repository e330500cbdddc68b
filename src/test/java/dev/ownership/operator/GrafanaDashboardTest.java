package dev.ownership.operator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The Grafana dashboard the chart and deploy/components/grafana-dashboard ship, against what the operator exports. */
class GrafanaDashboardTest {
    static final Path FILE = OperatorChart.DIR.resolve("dashboards/ownership-operator.json");

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(FILE.toFile());
    }

    static List<String> expressions(JsonNode dashboard) {
        return StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .flatMap(panel -> StreamSupport.stream(panel.path("targets").spliterator(), false))
                .map(target -> target.path("expr").asText()).toList();
    }

    @Test
    void everyPanelQueriesOnlyMetricsTheOperatorExports() throws IOException {
        JsonNode dashboard = dashboard();
        Set<String> exported = ExportedMetrics.names();

        assertThat(dashboard.path("panels")).isNotEmpty().allSatisfy(panel -> {
            assertThat(panel.path("title").asText()).isNotBlank();
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty()
                    .allSatisfy(target -> assertThat(ExportedMetrics.namesIn(target.path("expr").asText()))
                            .as("%s: %s", panel.path("title").asText(), target.path("expr").asText())
                            .isNotEmpty().isSubsetOf(exported));
        });
    }

    @Test
    void itShowsEveryMigrationMetric() throws IOException {
        Set<String> queried = new TreeSet<>();
        expressions(dashboard()).forEach(expr -> queried.addAll(ExportedMetrics.namesIn(expr)));

        assertThat(queried).containsAll(ExportedMetrics.names());
    }

    @Test
    void panelsHaveTheirOwnIdsAndUseTheDataSourceVariable() throws IOException {
        JsonNode dashboard = dashboard();
        List<Integer> ids = StreamSupport.stream(dashboard.path("panels").spliterator(), false)
                .map(panel -> panel.path("id").asInt()).toList();

        assertThat(ids).doesNotHaveDuplicates();
        assertThat(dashboard.path("templating").path("list")).anySatisfy(variable -> {
            assertThat(variable.path("name").asText()).isEqualTo("datasource");
            assertThat(variable.path("query").asText()).isEqualTo("prometheus");
        });
        assertThat(dashboard.path("panels")).allSatisfy(panel -> assertThat(panel.path("datasource").path("uid")
                .asText()).isEqualTo("${datasource}"));
        assertThat(dashboard.path("uid").asText()).isEqualTo("ownership-operator");
    }
}
