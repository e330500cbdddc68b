package dev.ownership.cluster.node;

import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * A container runc runs, seen as the {@code runc run} process that waits for it: its exit code is
 * the container's; destroy and destroyForcibly signal the container through {@code runc kill}
 * (TERM, KILL), which reaches its whole pid namespace, and once it has exited {@code runc delete}
 * removes runc's state and its root is unmounted. It shows no descendants, so that nobody signals the container's processes
 * behind runc's back.
 */
final class RuncContainer extends Process {

  private final Process runcRun;
  private final Runc runc;
  private final String id;
  private final RootOverlay root;
  private final AtomicBoolean deleted = new AtomicBoolean();

  RuncContainer(Process runcRun, Runc runc, String id, RootOverlay root) {
    this.runcRun = runcRun;
    this.runc = runc;
    this.id = id;
    this.root = root;
  }

  @Override
  public int waitFor() throws InterruptedException {
    int exitCode = runcRun.waitFor();
    deleteOnce();
    return exitCode;
  }

  @Override
  public boolean waitFor(long timeout, TimeUnit unit) throws InterruptedException {
    boolean exited = runcRun.waitFor(timeout, unit);
    if (exited) {
      deleteOnce();
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

  /** Before runc has created the container, runc run itself takes the signal (and forwards it). */
  private void signal(String signal) {
    if (!runc.kill(id, signal)) {
      if ("KILL".equals(signal)) {
        runcRun.destroyForcibly();
      } else {
        runcRun.destroy();
      }
    }
  }

  private void deleteOnce() {
    if (deleted.compareAndSet(false, true)) {
      runc.delete(id);
      root.close();
    }
  }

  @Override
  public int exitValue() {
    return runcRun.exitValue();
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
