package dev.ownership.cli.status;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;

/** The ConfigMap write is best effort: an API server that refuses or is away costs a warning, not the plan. */
class PlanConfigMapApplyTest {
    @Test
    void anUnreachableApiServerLeavesAWarningAndNoName() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort(); // free once closed: nothing answers there
        }
        String metadata = Serialization.asJson(new ConfigMapBuilder().withNewMetadata().withName("m-plan-g3")
                .withNamespace("apps").endMetadata().build());
        StringWriter err = new StringWriter();
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new ConfigBuilder()
                .withMasterUrl("http://127.0.0.1:" + closed).withRequestRetryBackoffLimit(0).build()).build()) {
            assertThat(PlanConfigMapApply.apply(client, metadata, "Plan 0123456789abcdef\n", "0123456789abcdef",
                    new PrintWriter(err))).isEmpty();
        }
        assertThat(err.toString()).startsWith("warning: the plan's text is not kept in ConfigMap m-plan-g3 (")
                .contains("approve it by its hash").doesNotContain("Plan 0123456789abcdef");
    }
}
