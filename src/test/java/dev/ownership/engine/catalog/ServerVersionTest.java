package dev.ownership.engine.catalog;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ServerVersionTest {
    @Test
    void majorDotMinorFromVersionTenOn() {
        assertThat(ServerVersion.text(150018)).isEqualTo("15.18");
        assertThat(ServerVersion.text(170002)).isEqualTo("17.2");
        assertThat(ServerVersion.text(130000)).isEqualTo("13.0");
        assertThat(ServerVersion.text(100023)).isEqualTo("10.23");
    }

    @Test
    void threePartsBeforeTen() {
        assertThat(ServerVersion.text(90624)).isEqualTo("9.6.24");
        assertThat(ServerVersion.text(90105)).isEqualTo("9.1.5");
    }
}
