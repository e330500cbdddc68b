package dev.ownership.cluster.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The images this node has as image archives, whose pods it runs in containers (with runc) rather
 * than as host processes. An image matches by repository, tag and digest ignored, as in
 * {@link ImageCommands}. Each archive is unpacked once, on first use, into
 * {@code <dir>/<n>/rootfs}, which all containers of the image share.
 */
public final class ContainerImages {

  private final Map<String, Path> archives = new ConcurrentHashMap<>();
  private final Map<String, UnpackedImage> unpacked = new ConcurrentHashMap<>();
  private Runc runc;
  private Path dir;

  /**
   * Runs pods of this image in containers made from the archive (docker-save/Jib tar or OCI image
   * layout tar). Needs runc (see {@link Runc#locate()}); says so at once when it is missing.
   */
  public synchronized void register(String image, Path archive) {
    if (!Files.isRegularFile(archive)) {
      throw new IllegalArgumentException("no image archive at " + archive + " for " + image);
    }
    if (runc == null) {
      runc = Runc.locate();
    }
    String repository = ImageCommands.repository(image);
    if (!archive.equals(archives.put(repository, archive))) {
      unpacked.remove(repository); // another archive for the image: unpacked again on next use
    }
  }

  boolean has(String image) {
    return archives.containsKey(ImageCommands.repository(image));
  }

  Runc runc() {
    return runc;
  }

  /** Where the node unpacks images (its own directory, emptied at start). */
  synchronized void unpackInto(Path dir) throws IOException {
    FileTrees.delete(dir);
    this.dir = Files.createDirectories(dir);
  }

  /** The image unpacked, once: containers of it wait for the first to finish unpacking. */
  synchronized UnpackedImage unpacked(String image) throws ContainerStartException {
    String repository = ImageCommands.repository(image);
    Path archive = Optional.ofNullable(archives.get(repository)).orElseThrow();
    UnpackedImage existing = unpacked.get(repository);
    if (existing != null) {
      return existing;
    }
    try {
      // root's only (0700): root mounts it as the lower layer of each container's root, which the
      // container then sees as its own /, never through this path
      Path imageDir = Files.createTempDirectory(dir, "image-");
      UnpackedImage fresh = ImageArchive.unpack(archive, imageDir);
      unpacked.put(repository, fresh);
      return fresh;
    } catch (IOException e) {
      throw new ContainerStartException("ErrImagePull", "cannot unpack " + archive + ": " + e.getMessage());
    }
  }
}
