package dev.ownership.cluster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * A container's own root file system at {@code <bundle>/rootfs}: an overlay of the image's shared,
 * unpacked root (lower) and {@code <bundle>/upper} (with its {@code work/}), so that what one
 * container writes (and the mount points runc makes) no other container of the image sees. Where the
 * kernel or file system refuses an overlay, the shared root itself is bound there, and a warning
 * says so. Unmounted, the upper and work directories go: a bundle keeps only its config and runc's log.
 */
final class RootOverlay implements AutoCloseable {

  private static final Logger LOG = Logger.getLogger(RootOverlay.class);

  private final Path bundle;

  private RootOverlay(Path bundle) {
    this.bundle = bundle;
  }

  /** Where the container's root will be: known before anything is made, for the runtime spec. */
  static Path mountPoint(Path bundle) {
    return bundle.resolve("rootfs");
  }

  static RootOverlay mount(Path imageRoot, Path bundle) throws IOException {
    Path upper = Files.createDirectories(bundle.resolve("upper"));
    Path work = Files.createDirectories(bundle.resolve("work"));
    Path merged = Files.createDirectories(mountPoint(bundle));
    RootOverlay overlay = new RootOverlay(bundle);
    String options = "lowerdir=" + imageRoot + ",upperdir=" + upper + ",workdir=" + work;
    Command.Result result = Command.of("mount", "-t", "overlay", "overlay", "-o", options, merged.toString()).run();
    if (!result.succeeded()) {
      LOG.warnf("No overlay for the container of bundle %s (%s): it writes to the image's shared root %s", bundle,
          result.errors().strip(), imageRoot);
      try {
        Command.of("mount", "--bind", imageRoot.toString(), merged.toString()).output();
      } catch (IOException e) {
        overlay.removeDirectories();
        throw e;
      }
    }
    return overlay;
  }

  @Override
  public void close() {
    try {
      Command.Result result = Command.of("umount", mountPoint(bundle).toString()).run();
      if (!result.succeeded()) { // still mounted: deleting the directories would delete through the mount
        LOG.warnf("Could not unmount the container root %s: %s", mountPoint(bundle), result.errors().strip());
        return;
      }
      removeDirectories();
    } catch (IOException e) {
      LOG.warnf(e, "Could not unmount or remove the container root %s", mountPoint(bundle));
    }
  }

  private void removeDirectories() throws IOException {
    FileTrees.delete(bundle.resolve("upper"));
    FileTrees.delete(bundle.resolve("work"));
    Files.deleteIfExists(mountPoint(bundle));
  }
}
