package dev.ownership.cluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Unpacks an image archive into a root file system: the tar {@code docker save} and Jib write
 * ({@code manifest.json} naming the config and the layers), or an OCI image layout ({@code index.json}
 * to a manifest, config and layers under {@code blobs/sha256}). Layers, plain or gzipped, are applied
 * in order with GNU tar (owners, modes, links and devices as archived); their whiteouts
 * ({@code .wh.<name>}, {@code .wh..wh..opq}) delete what lower layers put there.
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
    Tar.run("-xf", archive.toString(), "-C", blobs.toString());
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
    deleteTree(blobs);
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
    for (String entry : Tar.run("-tf", layer.toString()).lines().toList()) {
      String path = entry.startsWith("./") ? entry.substring(2) : entry;
      int slash = path.lastIndexOf('/');
      String name = path.substring(slash + 1);
      Path parent = rootfs.resolve(slash < 0 ? "" : path.substring(0, slash));
      if (name.equals(OPAQUE)) {
        try (Stream<Path> children = Files.exists(parent) ? Files.list(parent) : Stream.empty()) {
          for (Path child : children.toList()) {
            deleteTree(child);
          }
        }
      } else if (name.startsWith(WHITEOUT)) {
        deleteTree(parent.resolve(name.substring(WHITEOUT.length())));
      }
    }
    Tar.run("-xf", layer.toString(), "-C", rootfs.toString(), "--numeric-owner", "--same-owner",
        "--same-permissions", "--exclude=" + WHITEOUT + "*");
  }

  private static String readIfExists(Path file) throws IOException {
    return Files.isRegularFile(file) ? Files.readString(file) : "";
  }

  static void deleteTree(Path path) throws IOException {
    if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> tree = Files.walk(path)) { // walk does not follow links
      for (Path each : tree.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(each);
      }
    }
  }

  /** GNU tar, which reads gzipped archives as they are. */
  private static final class Tar {
    static String run(String... args) throws IOException {
      List<String> command = new ArrayList<>(List.of("tar"));
      command.addAll(List.of(args));
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      try {
        if (process.waitFor() != 0) {
          throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted: " + String.join(" ", command), e);
      }
      return output;
    }
  }
}
