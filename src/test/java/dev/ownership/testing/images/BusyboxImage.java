package dev.ownership.testing.images;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A small image for the container-mode tests: Debian's busybox-static (fetched by hack/runc/build.sh
 * beside runc) with its applets, {@code /etc/passwd} (root, and app as 185), running as root, its
 * entrypoint {@code /bin/sh -c} and its cmd {@code echo from the image}, an env variable of its own.
 */
public final class BusyboxImage {

  public static final String IMAGE_VARIABLE = "IMAGE_VAR";
  private static final List<String> APPLETS = List.of("sh", "echo", "cat", "id", "touch", "sleep", "test", "pwd",
      "ls", "printf");

  private BusyboxImage() {
  }

  /** @return the archive, written into {@code dir} */
  public static Path write(Path dir, ImageArchiveWriter.Format format) throws IOException {
    Path busybox = Optional.ofNullable(System.getenv("OWNERSHIP_TOOLS_DIR")).map(Path::of)
        .orElse(Path.of(System.getProperty("user.home"), ".cache", "ownership-operator")).resolve("runc/busybox");
    if (!Files.isExecutable(busybox)) {
      throw new IllegalStateException("no busybox at " + busybox + ": run hack/runc/build.sh");
    }
    Path root = Files.createTempDirectory(Files.createDirectories(dir), "busybox-rootfs-");
    Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x")); // the image's /
    Path bin = Files.createDirectories(root.resolve("bin"));
    Files.copy(busybox, bin.resolve("busybox"), StandardCopyOption.COPY_ATTRIBUTES);
    for (String applet : APPLETS) {
      Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
    }
    Path etc = Files.createDirectories(root.resolve("etc"));
    Files.writeString(etc.resolve("passwd"), "root:x:0:0:root:/root:/bin/sh\napp:x:185:0:app:/home/app:/bin/sh\n");
    Files.writeString(etc.resolve("group"), "root:x:0:\n");
    Files.createDirectories(root.resolve("root"));
    Files.setPosixFilePermissions(Files.createDirectories(root.resolve("tmp")), PosixFilePermissions.fromString("rwxrwxrwx"));
    Path archive = ImageArchiveWriter.write(dir.resolve("busybox-" + format.name().toLowerCase() + ".tar"), format,
        Map.of("Entrypoint", List.of("/bin/sh", "-c"), "Cmd", List.of("echo from the image"),
            "Env", List.of("PATH=/bin", IMAGE_VARIABLE + "=from-image"), "WorkingDir", "/root"),
        List.of(root));
    ImageArchiveWriter.run("rm", "-rf", root.toString());
    return archive;
  }
}
