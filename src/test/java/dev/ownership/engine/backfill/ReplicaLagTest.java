package dev.ownership.engine.backfill;

import dev.ownership.engine.model.ReplicaLagLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaLagTest {
    static final ReplicaLagLimit FIVE_SECONDS = new ReplicaLagLimit.Time(Duration.ofSeconds(5), "5s");
    static final ReplicaLagLimit SIXTY_FOUR_MB = new ReplicaLagLimit.Bytes(64L << 20, "64MB");

    static ReplicaPosition replica(String name, long lagMillis, long bytes) {
        return new ReplicaPosition(name, true, Optional.of(Duration.ofMillis(lagMillis)), OptionalLong.of(bytes));
    }

    @Test
    void waitsForTheReplicaFurthestBehind() {
        List<ReplicaPosition> replicas = List.of(replica("a", 6_000, 100), replica("b", 7_200, 100),
                replica("c", 1_000, 100));
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, replicas)).contains("waiting for replica lag 7.2s > 5s (b)");
    }

    @Test
    void withinTheLimitNobodyWaits() {
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, List.of(replica("a", 5_000, 100)))).isEmpty();
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, List.of())).isEmpty();
    }

    @Test
    void aStaleLagOfAReplicaThatReplayedEverythingIsNoLag() {
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, List.of(replica("a", 9_000, 0)))).isEmpty();
        ReplicaPosition unmeasured = new ReplicaPosition("a", true, Optional.empty(), OptionalLong.of(4096));
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, List.of(unmeasured))).isEmpty();
    }

    @Test
    void bytesCompareTheWalNotYetReplayed() {
        assertThat(ReplicaLag.waitReason(SIXTY_FOUR_MB, List.of(replica("", 0, 80L << 20))))
                .contains("waiting for replica lag 80.0MB > 64MB");
        assertThat(ReplicaLag.waitReason(SIXTY_FOUR_MB, List.of(replica("a", 60_000, 64L << 20)))).isEmpty();
    }

    @Test
    void hiddenPositionsAreBlindNotLagging() {
        ReplicaPosition hidden = new ReplicaPosition("", false, Optional.empty(), OptionalLong.empty());
        assertThat(ReplicaLag.waitReason(FIVE_SECONDS, List.of(hidden))).isEmpty();
        assertThat(ReplicaLag.blind(List.of(hidden, replica("a", 0, 0)))).isTrue();
        assertThat(ReplicaLag.blind(List.of(replica("a", 0, 0)))).isFalse();
    }

    @Test
    void sizesInPostgresUnits() {
        assertThat(ReplicaLag.bytes(512)).isEqualTo("512B");
        assertThat(ReplicaLag.bytes(1536)).isEqualTo("1.5kB");
        assertThat(ReplicaLag.bytes(3L << 30)).isEqualTo("3.0GB");
    }
}
