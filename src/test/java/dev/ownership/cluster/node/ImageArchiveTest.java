package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ownership.testing.images.ImageArchiveWriter;
import dev.ownership.testing.images.ImageArchiveWriter.Format;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Unpacks real archives (written with GNU tar) in both formats: layers in order, whiteouts, owners, config. */
class ImageArchiveTest {

  @TempDir
  Path dir;

  @ParameterizedTest
  @EnumSource(Format.class)
  void appliesLayersInOrderWithTheirWhiteoutsOwnersAndConfig(Format format) throws Exception {
    Path lower = Files.createDirectories(dir.resolve("lower"));
    write(lower, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\napp:x:185:0:app:/home/app:/bin/sh\n");
    write(lower, "etc/group", "root:x:0:\napp:x:185:\n");
    write(lower, "gone.txt", "deleted by the upper layer");
    write(lower, "opaque/old", "hidden by the upper layer");
    write(lower, "deployments/app.jar", "jar");
    Files.setAttribute(lower.resolve("deployments/app.jar"), "unix:uid", 185);
    Files.setPosixFilePermissions(lower.resolve("deployments/app.jar"), PosixFilePermissions.fromString("rw-r-----"));
    Path upper = Files.createDirectories(dir.resolve("upper"));
    write(upper, ".wh.gone.txt", "");
    write(upper, "opaque/.wh..wh..opq", "");
    write(upper, "opaque/new", "from the upper layer");
    Files.createSymbolicLink(Files.createDirectories(upper.resolve("bin")).resolve("sh"), Path.of("busybox"));
    Path archive = ImageArchiveWriter.write(dir.resolve("image.tar"), format,
        Map.of("Entrypoint", List.of("/bin/app"), "Cmd", List.of("serve"), "Env", List.of("PATH=/bin", "EMPTY="),
            "WorkingDir", "/deployments", "User", "185"),
        List.of(lower, upper));

    UnpackedImage image = ImageArchive.unpack(archive, Files.createDirectories(dir.resolve("unpacked")));

    Path rootfs = image.rootfs();
    assertThat(rootfs.resolve("gone.txt")).doesNotExist();
    assertThat(rootfs.resolve(".wh.gone.txt")).doesNotExist();
    assertThat(rootfs.resolve("opaque/old")).doesNotExist();
    assertThat(rootfs.resolve("opaque/.wh..wh..opq")).doesNotExist();
    assertThat(rootfs.resolve("opaque/new")).hasContent("from the upper layer");
    assertThat(Files.getAttribute(rootfs.resolve("deployments/app.jar"), "unix:uid")).isEqualTo(185);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(rootfs.resolve("deployments/app.jar"))))
        .isEqualTo("rw-r-----");
    assertThat(Files.readSymbolicLink(rootfs.resolve("bin/sh"))).isEqualTo(Path.of("busybox"));
    assertThat(dir.resolve("unpacked/archive")).as("the archive's blobs, once applied").doesNotExist();
    assertThat(image.config()).isEqualTo(new ImageConfig(List.of("/bin/app"), List.of("serve"),
        Map.of("PATH", "/bin", "EMPTY", ""), "/deployments", "185"));
    assertThat(image.users().user("app")).contains(new ImageUsers.Account(185, 0, "/home/app"));
    assertThat(image.users().group("app")).contains(185L);
  }

  /**
   * Layers that reach for the host's files (here a file beside the unpacked image) through an absolute
   * name, a "..", or a link a lower layer made: the image is refused, nothing outside its root changes.
   */
  @ParameterizedTest
  @EnumSource(Attack.class)
  void refusesALayerThatReachesOutsideTheImagesRoot(Attack attack) throws Exception {
    Path victim = Files.createDirectories(dir.resolve("victim"));
    write(victim, "secret", "the host's");
    Path names = Files.createDirectories(dir.resolve("names"));
    write(names, ".wh.secret", "");
    write(names, "planted", "from the image");
    Files.createSymbolicLink(names.resolve("link"), victim);
    List<Path> layers = switch (attack) {
      case ABSOLUTE_WHITEOUT -> List.of(layer("a", names, "--transform=s,^," + victim + "/,", ".wh.secret"));
      case DOTDOT_WHITEOUT -> List.of(layer("a", names, "--transform=s,^,../../victim/,", ".wh.secret"));
      case WHITEOUT_THROUGH_LINK -> List.of(layer("a", names, "link"), layer("b", names, "--transform=s,^,link/,",
          ".wh.secret"));
      case FILE_THROUGH_LINK -> List.of(layer("a", names, "link"), layer("b", names, "--transform=s,^,link/,",
          "planted"));
    };
    Path archive = ImageArchiveWriter.writeLayers(dir.resolve("image.tar"), Format.OCI,
        Map.of("Cmd", List.of("/bin/sh")), layers);

    assertThatThrownBy(() -> ImageArchive.unpack(archive, Files.createDirectories(dir.resolve("unpacked"))))
        .isInstanceOf(IOException.class).hasMessageContaining("has ");
    assertThat(victim.resolve("secret")).hasContent("the host's");
    assertThat(victim.resolve("planted")).doesNotExist();
  }

  enum Attack { ABSOLUTE_WHITEOUT, DOTDOT_WHITEOUT, WHITEOUT_THROUGH_LINK, FILE_THROUGH_LINK }

  /** A layer of {@code files} of {@code from}, named as tar's options say (-P keeps absolute names and ".."). */
  private Path layer(String name, Path from, String... optionsAndFiles) throws Exception {
    List<String> command = new ArrayList<>(List.of("tar", "-cf", dir.resolve(name + ".tar").toString(), "-P", "-C",
        from.toString()));
    command.addAll(List.of(optionsAndFiles));
    assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).as(String.join(" ", command)).isZero();
    return dir.resolve(name + ".tar");
  }

  private static void write(Path root, String path, String content) throws Exception {
    Files.writeString(Files.createDirectories(root.resolve(path).getParent()).resolve(root.resolve(path).getFileName()),
        content);
  }
}
