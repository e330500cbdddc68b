package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LogOptionsTest {

  @Test
  void readsWhatTheApiServerPassesForPodsLog() {
    assertThat(LogOptions.parse("follow=true&previous=false&tailLines=10&limitBytes=500&insecureSkipTLSVerifyBackend=true"))
        .isEqualTo(new LogOptions(true, false, OptionalLong.of(10), OptionalLong.of(500)));
    assertThat(LogOptions.parse(null)).isEqualTo(new LogOptions(false, false, OptionalLong.empty(), OptionalLong.empty()));
  }

  @Test
  void takesTheOldTailParameterWhereAllMeansNoTail() {
    assertThat(LogOptions.parse("tail=3").tailLines()).hasValue(3);
    assertThat(LogOptions.parse("tail=all&tailLines=3").tailLines()).isEmpty();
  }

  @Test
  void refusesWhatNeedsTimestampsItDoesNotKeep() {
    assertThatThrownBy(() -> LogOptions.parse("timestamps=true")).isInstanceOf(LogRequestException.class)
        .hasMessageContaining("without timestamps");
    assertThatThrownBy(() -> LogOptions.parse("sinceSeconds=60")).hasMessageContaining("sinceSeconds");
    assertThatThrownBy(() -> LogOptions.parse("sinceTime=2026-01-01T00%3A00%3A00Z")).hasMessageContaining("sinceTime");
    assertThat(LogOptions.parse("timestamps=false").follow()).isFalse();
  }

  @Test
  void refusesInvalidValuesAsTheKubeletDoes() {
    assertThatThrownBy(() -> LogOptions.parse("tailLines=-1"))
        .satisfies(e -> assertThat(((LogRequestException) e).status()).isEqualTo(422));
    assertThatThrownBy(() -> LogOptions.parse("limitBytes=0"))
        .satisfies(e -> assertThat(((LogRequestException) e).status()).isEqualTo(422));
    assertThatThrownBy(() -> LogOptions.parse("follow=maybe")).hasMessageContaining("Unable to decode query");
    assertThatThrownBy(() -> LogOptions.parse("stream=Stderr")).hasMessageContaining("one file");
  }
}
