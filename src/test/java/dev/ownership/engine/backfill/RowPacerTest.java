package dev.ownership.engine.backfill;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RowPacerTest {
    static final long S = 1_000_000_000L;

    @Test
    void sessionsShareOneBudget() {
        RowPacer pacer = new RowPacer(1_000);
        // two sessions commit 1,000 rows each at about the same time: the second waits for both seconds
        assertThat(pacer.book(1_000, 0)).isEqualTo(S);
        assertThat(pacer.book(1_000, S / 10)).isEqualTo(2 * S - S / 10);
        // the first, back at its booking's end, waits for the second's booking too
        assertThat(pacer.book(500, S)).isEqualTo(S + S / 2);
    }

    @Test
    void idleTimeIsNotSavedUp() {
        assertThat(RowPacer.bookedUntil(5 * S, 60 * S, 1_000, 1_000)).isEqualTo(61 * S);
        assertThat(RowPacer.bookedUntil(Long.MIN_VALUE, -S, 10, 100)).isEqualTo(-S + S / 10);
    }
}
