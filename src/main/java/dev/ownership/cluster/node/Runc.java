package dev.ownership.cluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The runc binary the node runs containers with: {@code runc.path} (system property), else where
 * hack/runc/build.sh puts Debian's ({@code ${OWNERSHIP_TOOLS_DIR:-~/.cache/ownership-operator}/runc/runc}),
 * else {@code runc} on PATH. Its state lives under {@code /run/ownership-operator/runc}, apart from
 * any other runc user's.
 */
record Runc(Path binary) {

  private static final String STATE_DIR = "/run/ownership-operator/runc";
  private static final ObjectMapper JSON = new ObjectMapper();

  static Runc locate() {
    Path tools = Optional.ofNullable(System.getenv("OWNERSHIP_TOOLS_DIR")).map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "ownership-operator"));
    Optional<Path> found = Optional.ofNullable(System.getProperty("runc.path")).map(Path::of)
        .or(() -> Optional.of(tools.resolve("runc").resolve("runc")).filter(Files::isExecutable))
        .or(() -> Optional.ofNullable(System.getenv("PATH")).stream()
            .flatMap(path -> Arrays.stream(path.split(":")))
            .map(dir -> Path.of(dir, "runc")).filter(Files::isExecutable).findFirst());
    return new Runc(found.orElseThrow(() -> new IllegalStateException("The process node's container mode needs runc: "
        + "run hack/runc/build.sh (Debian's, into " + tools.resolve("runc") + "), or set -Drunc.path")));
  }

  /**
   * {@code runc run} in the foreground: its exit code is the container's, signals it gets go to the
   * container; runc's own errors also go to {@code <bundle>/runc.log} (see {@link #startError}).
   */
  Process run(Path bundle, String id, Path log) throws IOException {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", STATE_DIR,
        "--log", runcLog(bundle).toString(), "--log-format", "json", "run", "--bundle", bundle.toString(), id));
    return new ProcessBuilder(command)
        .redirectInput(Redirect.from(new File("/dev/null")))
        .redirectErrorStream(true)
        .redirectOutput(Redirect.appendTo(log.toFile()))
        .start();
  }

  /**
   * Why runc could not start the container of this bundle (e.g. its command does not exist), as runc
   * logged it; empty when it started.
   */
  static Optional<String> startError(Path bundle) throws IOException {
    Path log = runcLog(bundle);
    if (!Files.exists(log)) {
      return Optional.empty();
    }
    for (String line : Files.readAllLines(log)) {
      JsonNode entry = JSON.readTree(line);
      if ("error".equals(entry.path("level").asText())) {
        return Optional.of(entry.path("msg").asText());
      }
    }
    return Optional.empty();
  }

  private static Path runcLog(Path bundle) {
    return bundle.resolve("runc.log");
  }

  /** @return whether runc could signal the container (false: not created yet, or gone) */
  boolean kill(String id, String signal) {
    return succeeds("kill", id, signal);
  }

  /** @return whether runc has the container, running or exited (false: not created yet, or deleted) */
  boolean has(String id) {
    return succeeds("state", id);
  }

  void delete(String id) {
    succeeds("delete", "--force", id);
  }

  private boolean succeeds(String... args) {
    try {
      return new Command(command(args)).run().succeeded();
    } catch (IOException e) {
      return false;
    }
  }

  private List<String> command(String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString(), "--root", STATE_DIR));
    command.addAll(List.of(args));
    return command;
  }
}
