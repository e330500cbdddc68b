package dev.ownership.api.v1alpha1;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class MigratorReportTest {
    @Test
    void roundTripsAndFitsTheTerminationMessageLimit() {
        MigratorReport small = new MigratorReport("apply", 0, "Succeeded", null, "0123456789abcdef", 3L, 10L, 10L, 2,
                List.of("public.videos.user_id: 3 steps pending"), "videos-owner-plan-g1");
        assertThat(MigratorReport.parse(small.toJson())).contains(small);

        MigratorReport huge = new MigratorReport("apply", 1, "Failed", "x".repeat(10_000), "0123456789abcdef", 3L, 10L,
                null, null, Collections.nCopies(500, "public.some_table.owner_id: 8 steps pending"), "videos-owner-plan-g1");
        String json = huge.toJson();
        assertThat(json.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MigratorReport.MAX_BYTES);
        MigratorReport back = MigratorReport.parse(json).orElseThrow();
        assertThat(back.reason()).isEqualTo("Failed");
        assertThat(back.planHash()).isEqualTo("0123456789abcdef");
        assertThat(back.message()).endsWith("[...]");
        assertThat(back.planConfigMap()).isEqualTo("videos-owner-plan-g1");
    }

    @Test
    void somethingElseInTheMessageIsNoReport() {
        assertThat(MigratorReport.parse("Exception in thread main ...")).isEmpty();
        assertThat(MigratorReport.parse(null)).isEmpty();
    }
}
