package dev.ownership.cluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacks an image archive into a root file system: the tar {@code docker save} and Jib write
 * ({@code manifest.json} naming the config and the layers), or an OCI image layout ({@code index.json}
 * to a manifest, config and layers under {@code blobs/sha256}). Layers, plain or gzipped, are applied
 * in order with GNU tar (owners, modes, links and devices as archived); their whiteouts
 * ({@code .wh.<name>}, {@code .wh..wh..opq}) delete what lower layers put there. Nothing of a layer
 * may reach outside the image's root (see {@link #directoryOf}).
 */
final class ImageArchive {

  private static final String WHITEOUT = ".wh.";
  private static final String OPAQUE = ".wh..wh..opq";
  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageArchive() {
  }

  /** @param dir an empty directory; gets {@code rootfs/} */
  static UnpackedImage unpack(Path archive, Path dir) throws IOException {
    Path blobs = Files.createDirectories(dir.resolve("archive"));
    Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
    Command.of("tar", "-xf", archive.toString(), "-C", blobs.toString()).output();
    List<Path> layers = new ArrayList<>();
    JsonNode config;
    if (Files.exists(blobs.resolve("index.json"))) {
      JsonNode manifest = ociManifest(blobs, JSON.readTree(blobs.resolve("index.json").toFile()));
      config = JSON.readTree(blob(blobs, manifest.path("config")).toFile());
      manifest.path("layers").forEach(layer -> layers.add(blob(blobs, layer)));
    } else if (Files.exists(blobs.resolve("manifest.json"))) {
      JsonNode manifest = JSON.readTree(blobs.resolve("manifest.json").toFile()).path(0);
      config = JSON.readTree(blobs.resolve(manifest.path("Config").asText()).toFile());
      manifest.path("Layers").forEach(layer -> layers.add(blobs.resolve(layer.asText())));
    } else {
      throw new IOException(archive + " is neither an OCI image layout (index.json) nor a docker-save archive (manifest.json)");
    }
    for (Path layer : layers) {
      apply(layer, rootfs);
    }
    FileTrees.delete(blobs);
    return new UnpackedImage(rootfs, ImageConfig.parse(config),
        ImageUsers.parse(readIfExists(rootfs.resolve("etc/passwd")), readIfExists(rootfs.resolve("etc/group"))));
  }

  /** The first manifest of the index (an index may name an index: Jib's does not, others do). */
  private static JsonNode ociManifest(Path blobs, JsonNode index) throws IOException {
    JsonNode descriptor = index.path("manifests").path(0);
    JsonNode target = JSON.readTree(blob(blobs, descriptor).toFile());
    return target.has("manifests") ? ociManifest(blobs, target) : target;
  }

  private static Path blob(Path blobs, JsonNode descriptor) {
    String[] digest = descriptor.path("digest").asText().split(":", 2);
    return blobs.resolve("blobs").resolve(digest[0]).resolve(digest[1]);
  }

  private static void apply(Path layer, Path rootfs) throws IOException {
    Path root = rootfs.toRealPath();
    for (String entry : Command.of("tar", "-tf", layer.toString()).output().lines().toList()) {
      Path dir = directoryOf(root, layer, entry);
      String name = entry.endsWith("/") ? "" : entry.substring(entry.lastIndexOf('/') + 1);
      if (name.equals(OPAQUE)) {
        try (Stream<Path> children = Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS) ? Files.list(dir) : Stream.empty()) {
          for (Path child : children.toList()) {
            FileTrees.delete(child);
          }
        }
      } else if (name.startsWith(WHITEOUT)) {
        String deleted = name.substring(WHITEOUT.length());
        if (deleted.isEmpty() || deleted.equals(".") || deleted.equals("..")) {
          throw refused(layer, entry, "a whiteout of no name");
        }
        FileTrees.delete(dir.resolve(deleted));
      }
    }
    Command.of("tar", "-xf", layer.toString(), "-C", rootfs.toString(), "--numeric-owner", "--same-owner",
        "--same-permissions", "--exclude=" + WHITEOUT + "*").output();
  }

  /**
   * The directory an entry of a layer goes into (a directory entry, listed with its slash: the
   * directory itself) as the host resolves it, through the links lower layers made. Tar and the
   * whiteouts run as root on the host, so an absolute name, a "..", or a link out of the image's
   * root (absolute, or dangling) on the way would reach the host's files: the image is refused.
   * Links the layer itself makes GNU tar does not follow while extracting it.
   */
  private static Path directoryOf(Path root, Path layer, String entry) throws IOException {
    if (entry.startsWith("/")) {
      throw refused(layer, entry, "an absolute name");
    }
    List<String> components = Arrays.stream(entry.split("/")).filter(c -> !c.isEmpty() && !c.equals(".")).toList();
    if (components.contains("..")) {
      throw refused(layer, entry, "a \"..\" in its name");
    }
    int depth = entry.endsWith("/") ? components.size() : Math.max(0, components.size() - 1);
    Path dir = root;
    for (String component : components.subList(0, depth)) {
      Path next = dir.resolve(component);
      if (Files.isSymbolicLink(next)) {
        try {
          next = next.toRealPath();
        } catch (NoSuchFileException e) {
          throw refused(layer, entry, "a dangling link on its way: /" + root.relativize(dir.resolve(component)));
        }
        if (!next.startsWith(root)) {
          throw refused(layer, entry, "a link out of the image's root on its way: /" + root.relativize(dir.resolve(component))
              + " -> " + Files.readSymbolicLink(dir.resolve(component)));
        }
      }
      dir = next;
    }
    return dir;
  }

  private static IOException refused(Path layer, String entry, String why) {
    return new IOException("layer " + layer.getFileName() + ": entry " + entry + " has " + why);
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file) : "";
  }
}
