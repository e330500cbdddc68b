package dev.ownership.cluster.node;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** A short-lived helper program (tar, mount, runc): run to its end, its output and errors kept apart. */
record Command(List<String> argv) {

  record Result(int exitCode, String output, String errors) {
    boolean succeeded() {
      return exitCode == 0;
    }
  }

  static Command of(String... argv) {
    return new Command(List.of(argv));
  }

  /** @throws IOException if it cannot start, or is interrupted */
  Result run() throws IOException {
    Process process = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
        .start();
    // read on a thread of its own: a full stderr pipe would block the program while stdout is read
    CompletableFuture<String> errors = new CompletableFuture<>();
    Thread reader = new Thread(() -> {
      try {
        errors.complete(read(process.getErrorStream()));
      } catch (IOException e) {
        errors.completeExceptionally(e);
      }
    }, "stderr of " + argv.get(0));
    reader.setDaemon(true);
    reader.start();
    try {
      String output = read(process.getInputStream());
      return new Result(process.waitFor(), output, errors.get());
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IOException("interrupted: " + this, e);
    } catch (ExecutionException e) {
      throw new IOException("cannot read the errors of " + this, e.getCause());
    }
  }

  /** @return its output; what it said on stderr in the exception when it fails */
  String output() throws IOException {
    Result result = run();
    if (!result.succeeded()) {
      throw new IOException(this + " failed (exit " + result.exitCode() + "): " + result.errors().strip());
    }
    return result.output();
  }

  private static String read(InputStream stream) throws IOException {
    return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return String.join(" ", argv);
  }
}
