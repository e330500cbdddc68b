package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The message a terminated container reports, read as a kubelet does: the last 4096 bytes of the
 * termination message file; with terminationMessagePolicy FallbackToLogsOnError, the last 80 log
 * lines (at most 2048 bytes) of a failed container that wrote none.
 */
final class TerminationMessage {

  private static final String DEFAULT_PATH = "/dev/termination-log";
  private static final int MAX_BYTES = 4096;
  private static final int FALLBACK_LINES = 80;
  private static final int FALLBACK_MAX_BYTES = 2048;

  private TerminationMessage() {
  }

  /** Where the container writes its message: its terminationMessagePath, /dev/termination-log by default. */
  static String path(Container container) {
    return Optional.ofNullable(container.getTerminationMessagePath()).orElse(DEFAULT_PATH);
  }

  static String read(Path messageFile, Path log, String policy, int exitCode) throws IOException {
    String message = Files.exists(messageFile) ? tail(Files.readAllBytes(messageFile), MAX_BYTES) : "";
    if (message.isEmpty() && exitCode != 0 && "FallbackToLogsOnError".equals(policy) && Files.exists(log)) {
      List<String> lines = Arrays.asList(Files.readString(log).split("\n", -1));
      String lastLines = String.join("\n", lines.subList(Math.max(0, lines.size() - FALLBACK_LINES), lines.size()));
      message = tail(lastLines.getBytes(StandardCharsets.UTF_8), FALLBACK_MAX_BYTES);
    }
    return message;
  }

  private static String tail(byte[] bytes, int max) {
    int from = Math.max(0, bytes.length - max);
    return new String(bytes, from, bytes.length - from, StandardCharsets.UTF_8);
  }
}
