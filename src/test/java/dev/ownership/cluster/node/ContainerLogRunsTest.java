package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLogRunsTest {

  @TempDir
  Path dir;

  @Test
  void aRunEndsWhereTheNextBegins() throws IOException {
    var runs = new ContainerLogRuns(new PodSandbox(dir), "main");
    runs.started(0, "process://1");
    runs.started(12, "process://2");

    assertThat(runs.run("process://1")).isEqualTo(new ContainerLogRuns.Run(0, OptionalLong.of(12)));
    assertThat(runs.run("process://2")).isEqualTo(new ContainerLogRuns.Run(12, OptionalLong.empty()));
  }

  /** A request may read the runs while a run starting now is appending its line. */
  @Test
  void aHalfAppendedLineIsNotThereYet() throws IOException {
    var runs = new ContainerLogRuns(new PodSandbox(dir), "main");
    runs.started(0, "process://1");
    Files.writeString(dir.resolve("main.log-runs"), "0 process://1\n12");

    assertThat(runs.run("process://1")).isEqualTo(new ContainerLogRuns.Run(0, OptionalLong.empty()));
    assertThatThrownBy(() -> runs.run("process://2")).isInstanceOf(LogRequestException.class)
        .hasMessage("no log of container process://2 on this node");
  }
}
