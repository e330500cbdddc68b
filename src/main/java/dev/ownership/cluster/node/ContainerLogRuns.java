package dev.ownership.cluster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.OptionalLong;

/**
 * Where each run of a container begins in its log: {@code <container>.log} keeps the output of
 * every run (restarts append), and {@code <container>.log-runs} has a line {@code <offset> <container
 * ID>} per run, so a log request reads the run the pod's status names (the current or the previous one).
 */
final class ContainerLogRuns {

  /** The bytes of one run in the log; {@code end} is empty while it may still grow. */
  record Run(long start, OptionalLong end) {
  }

  private final Path log;
  private final Path runs;

  ContainerLogRuns(PodSandbox sandbox, String container) {
    this.log = sandbox.log(container);
    this.runs = log.resolveSibling(container + ".log-runs");
  }

  /** Where the next run's output will start: call before starting it. */
  long end() throws IOException {
    try {
      return Files.size(log);
    } catch (NoSuchFileException e) {
      return 0;
    }
  }

  /** A run with this ID started at {@code start} (from {@link #end()} before it started). */
  void started(long start, String containerId) throws IOException {
    Files.writeString(runs, start + " " + containerId + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  Path log() {
    return log;
  }

  /** @throws LogRequestException if the node has no log of that run */
  Run run(String containerId) throws IOException {
    String text = Files.exists(runs) ? Files.readString(runs) : "";
    // the last line may be half appended by a run starting now: it counts once its newline is there
    List<String> lines = text.substring(0, text.lastIndexOf('\n') + 1).lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      String[] line = lines.get(i).split(" ", 2);
      if (line[1].equals(containerId)) {
        OptionalLong end = i + 1 < lines.size()
            ? OptionalLong.of(Long.parseLong(lines.get(i + 1).split(" ", 2)[0])) : OptionalLong.empty();
        return new Run(Long.parseLong(line[0]), end);
      }
    }
    throw new LogRequestException(404, "no log of container " + containerId + " on this node");
  }
}
