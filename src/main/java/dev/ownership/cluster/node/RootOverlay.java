package dev.ownership.cluster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A container's own root file system: an overlay of the image's shared, unpacked root (lower) and a
 * directory of the container's bundle (upper), so that what one container writes (and the mount
 * points runc makes) no other container of the image sees. Where the kernel or file system refuses
 * an overlay, the container gets the shared root itself, and a warning says so.
 */
final class RootOverlay implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RootOverlay.class);

  private final Path root;
  private final boolean mounted;

  private RootOverlay(Path root, boolean mounted) {
    this.root = root;
    this.mounted = mounted;
  }

  static RootOverlay mount(Path imageRoot, Path bundle) throws IOException {
    Path upper = Files.createDirectories(bundle.resolve("upper"));
    Path work = Files.createDirectories(bundle.resolve("work"));
    Path merged = Files.createDirectories(bundle.resolve("rootfs"));
    String options = "lowerdir=" + imageRoot + ",upperdir=" + upper + ",workdir=" + work;
    String failure = run(List.of("mount", "-t", "overlay", "overlay", "-o", options, merged.toString()));
    if (failure == null) {
      return new RootOverlay(merged, true);
    }
    LOG.warnf("No overlay for the container of bundle %s (%s): it writes to the image's shared root %s", bundle,
        failure, imageRoot);
    return new RootOverlay(imageRoot, false);
  }

  Path root() {
    return root;
  }

  @Override
  public void close() {
    if (mounted) {
      String failure = run(List.of("umount", root.toString()));
      if (failure != null) {
        LOG.warnf("Could not unmount the container root %s: %s", root, failure);
      }
    }
  }

  /** @return null on success, else what the command said */
  private static String run(List<String> command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes()).strip();
      return process.waitFor() == 0 ? null : output;
    } catch (IOException e) {
      return e.getMessage();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }
}
