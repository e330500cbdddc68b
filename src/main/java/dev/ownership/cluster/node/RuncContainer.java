package dev.ownership.cluster.node;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * A container runc runs, seen as the {@code runc run} process that waits for it: its exit code is
 * the container's, or 128 with runc's error as the termination message when runc could not start
 * it (as a kubelet reports a StartError); destroy and destroyForcibly signal the container through
 * {@code runc kill} (TERM, KILL), which reaches its whole pid namespace; once it has exited
 * {@code runc delete} removes runc's state and its root is unmounted. It shows no descendants, so
 * that nobody signals the container's processes behind runc's back.
 */
final class RuncContainer extends Process {

  private static final Logger LOG = Logger.getLogger(RuncContainer.class);
  /** What a kubelet reports for a container that could not start. */
  private static final int START_ERROR_EXIT_CODE = 128;

  private final Process runcRun;
  private final Runc runc;
  private final String id;
  private final RootOverlay root;
  private final Path bundle;
  private final Path terminationMessage;
  private Integer exitCode;
  private Optional<String> startError = Optional.empty();

  RuncContainer(Process runcRun, Runc runc, String id, RootOverlay root, Path bundle, Path terminationMessage) {
    this.runcRun = runcRun;
    this.runc = runc;
    this.id = id;
    this.root = root;
    this.bundle = bundle;
    this.terminationMessage = terminationMessage;
  }

  @Override
  public int waitFor() throws InterruptedException {
    runcRun.waitFor();
    return finish();
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    boolean exited = runcRun.waitFor(timeout, unit);
    if (exited) {
      finish();
    }
    return exited;
  }

  @Override
  public void destroy() {
    signal("TERM");
  }

  @Override
  public Process destroyForcibly() {
    signal("KILL");
    return this;
  }

  /**
   * Before runc has created the container, runc run itself takes the signal (and forwards it). A
   * container that has exited already is left alone: runc run reports how it exited.
   */
  private void signal(String signal) {
    if (!runc.kill(id, signal) && !runc.has(id)) {
      if ("KILL".equals(signal)) {
        runcRun.destroyForcibly();
      } else {
        runcRun.destroy();
      }
    }
  }

  /** Once runc run has exited: the exit code, runc's state deleted, the root unmounted. */
  private synchronized int finish() {
    if (exitCode == null) {
      exitCode = runcRun.exitValue();
      try {
        startError = exitCode == 0 ? Optional.empty() : Runc.startError(bundle);
        if (startError.isPresent()) {
          exitCode = START_ERROR_EXIT_CODE;
          Files.writeString(terminationMessage, startError.get());
        }
      } catch (IOException e) {
        LOG.warnf(e, "Could not read runc's log in %s", bundle);
      }
      runc.delete(id);
      root.close();
    }
    return exitCode;
  }

  /** Once it has exited: why runc could not start the container, if it could not. */
  synchronized Optional<String> startError() {
    return startError;
  }

  @Override
  public int exitValue() {
    runcRun.exitValue(); // throws while it runs
    return finish();
  }

  @Override
  public boolean isAlive() {
    return runcRun.isAlive();
  }

  @Override
  public long pid() {
    return runcRun.pid();
  }

  @Override
  public ProcessHandle toHandle() {
    return runcRun.toHandle();
  }

  @Override
  public Stream<ProcessHandle> descendants() {
    return Stream.empty();
  }

  @Override
  public CompletableFuture<Process> onExit() {
    return runcRun.onExit().thenApply(process -> this);
  }

  @Override
  public OutputStream getOutputStream() {
    return runcRun.getOutputStream();
  }

  @Override
  public InputStream getInputStream() {
    return runcRun.getInputStream();
  }

  @Override
  public InputStream getErrorStream() {
    return runcRun.getErrorStream();
  }
}
