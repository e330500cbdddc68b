package dev.ownership.testing.images;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Writes image archives from directories, one gzipped layer each (GNU tar keeps owners and modes),
 * in the two formats the process node reads: what {@code docker save} and Jib write, and an OCI
 * image layout.
 */
public final class ImageArchiveWriter {

  public enum Format { DOCKER, OCI }

  private static final ObjectMapper JSON = new ObjectMapper();

  private ImageArchiveWriter() {
  }

  /**
   * @param config the image config's {@code config} (Entrypoint, Cmd, Env, WorkingDir, User)
   * @return {@code archive}
   */
  public static Path write(Path archive, Format format, Map<String, Object> config, List<Path> layers)
      throws IOException {
    Path tars = Files.createTempDirectory(archive.getParent(), "layers-");
    List<Path> layerTars = new ArrayList<>();
    for (Path layer : layers) {
      Path tar = tars.resolve(layerTars.size() + ".tar.gz");
      run("tar", "-czf", tar.toString(), "-C", layer.toString(), ".");
      layerTars.add(tar);
    }
    writeLayers(archive, format, config, layerTars);
    run("rm", "-rf", tars.toString());
    return archive;
  }

  /**
   * @param layerTars the layers as tar files, as they are (plain or gzipped): also ones no well-behaved
   *     tool would write
   * @return {@code archive}
   */
  public static Path writeLayers(Path archive, Format format, Map<String, Object> config, List<Path> layerTars)
      throws IOException {
    Path staging = Files.createTempDirectory(archive.getParent(), "image-");
    List<String> layerNames = new ArrayList<>();
    List<Map<String, Object>> layerDescriptors = new ArrayList<>();
    for (Path layer : layerTars) {
      Path tar = staging.resolve("layer.tar.gz");
      Files.copy(layer, tar);
      String digest = sha256(tar);
      layerDescriptors.add(descriptor("application/vnd.oci.image.layer.v1.tar+gzip", digest, Files.size(tar)));
      layerNames.add(place(tar, staging, format, digest, ".tar.gz"));
    }
    Path configFile = staging.resolve("config.tmp");
    JSON.writeValue(configFile.toFile(), Map.of("architecture", "amd64", "os", "linux", "config", config,
        "rootfs", Map.of("type", "layers", "diff_ids", List.of())));
    String configDigest = sha256(configFile);
    long configSize = Files.size(configFile);
    String configName = place(configFile, staging, format, configDigest, ".json");
    if (format == Format.DOCKER) {
      JSON.writeValue(staging.resolve("manifest.json").toFile(),
          List.of(Map.of("Config", configName, "RepoTags", List.of("test:latest"), "Layers", layerNames)));
    } else {
      Path manifest = staging.resolve("manifest.tmp");
      JSON.writeValue(manifest.toFile(), Map.of("schemaVersion", 2,
          "mediaType", "application/vnd.oci.image.manifest.v1+json",
          "config", descriptor("application/vnd.oci.image.config.v1+json", configDigest, configSize),
          "layers", layerDescriptors));
      String manifestDigest = sha256(manifest);
      long manifestSize = Files.size(manifest);
      place(manifest, staging, format, manifestDigest, "");
      JSON.writeValue(staging.resolve("index.json").toFile(), Map.of("schemaVersion", 2,
          "manifests", List.of(descriptor("application/vnd.oci.image.manifest.v1+json", manifestDigest, manifestSize))));
      Files.writeString(staging.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
    }
    run("tar", "-cf", archive.toString(), "-C", staging.toString(), ".");
    run("rm", "-rf", staging.toString());
    return archive;
  }

  /** @return its name in the archive */
  private static String place(Path file, Path staging, Format format, String digest, String dockerSuffix)
      throws IOException {
    String name = format == Format.DOCKER ? digest + dockerSuffix : "blobs/sha256/" + digest;
    Files.createDirectories(staging.resolve(name).getParent());
    Files.move(file, staging.resolve(name));
    return name;
  }

  private static Map<String, Object> descriptor(String mediaType, String digest, long size) {
    return Map.of("mediaType", mediaType, "digest", "sha256:" + digest, "size", size);
  }

  private static String sha256(Path file) throws IOException {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static void run(String... command) throws IOException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      if (process.waitFor() != 0) {
        throw new IOException(String.join(" ", command) + ": " + output);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }
}
