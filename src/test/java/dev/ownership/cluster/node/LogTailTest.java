package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogTailTest {

  @TempDir
  Path dir;

  @Test
  void lastLinesOfAFinishedLog() throws IOException {
    String log = "one\ntwo\nthree\n";

    assertThat(tail(log, 0, 1)).isEqualTo("three\n");
    assertThat(tail(log, 0, 2)).isEqualTo("two\nthree\n");
    assertThat(tail(log, 0, 9)).isEqualTo(log);
    assertThat(tail(log, 0, 0)).isEmpty();
  }

  @Test
  void anUnfinishedLastLineCountsAsALine() throws IOException {
    assertThat(tail("one\ntwo\nthr", 0, 1)).isEqualTo("thr");
    assertThat(tail("one\ntwo\nthr", 0, 2)).isEqualTo("two\nthr");
  }

  @Test
  void staysInsideItsRunAndCrossesChunks() throws IOException {
    String earlier = "earlier run\n";
    String longLine = "x".repeat(20_000) + "\n";

    assertThat(tail(earlier + "a\n" + longLine + "b\n", earlier.length(), 2)).isEqualTo(longLine + "b\n");
    assertThat(tail(earlier + "a\n", earlier.length(), 5)).isEqualTo("a\n");
  }

  private String tail(String log, int from, long lines) throws IOException {
    Path file = Files.writeString(dir.resolve("main.log"), log);
    try (FileChannel channel = FileChannel.open(file)) {
      long start = LogTail.start(channel, from, channel.size(), lines);
      return new String(log.getBytes(StandardCharsets.UTF_8), (int) start, (int) (channel.size() - start),
          StandardCharsets.UTF_8);
    }
  }
}
