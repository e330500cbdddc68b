package dev.ownership.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class BackfillProgressTest {
    @Test
    void rateAndTimeLeftAsPeopleReadThem() {
        assertThat(BackfillProgress.rateText(31_400, Optional.of(Duration.ofSeconds(130))))
                .isEqualTo("31k rows/s, ~2m left");
        assertThat(BackfillProgress.rateText(850, Optional.of(Duration.ofSeconds(45)))).isEqualTo("850 rows/s, ~45s left");
        assertThat(BackfillProgress.rateText(4_250, Optional.of(Duration.ofMinutes(65))))
                .isEqualTo("4.3k rows/s, ~1h 05m left");
        assertThat(BackfillProgress.rateText(1_200_000, Optional.empty())).isEqualTo("1.2M rows/s");
        assertThat(BackfillProgress.rateText(0, Optional.empty())).as("unknown yet").isEmpty();
    }

    @Test
    void partitionsNameTheFirstWalkedAndCountTheOthers() {
        assertThat(new BackfillProgress.Partitions(List.of("events_2024_03"), 3, 12).text())
                .isEqualTo("events_2024_03 (3 of 12 partitions done)");
        assertThat(new BackfillProgress.Partitions(List.of("events_2024_03", "events_2024_07", "events_2023"), 3, 12)
                .text()).isEqualTo("events_2024_03 +2 (3 of 12 partitions done)");
        assertThat(new BackfillProgress.Partitions(List.of(), 12, 12).text()).as("between partitions, or at the end")
                .isEqualTo("12 of 12 partitions done");
    }
}
