package dev.ownership.cluster.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ownership.testing.images.ImageArchiveWriter;
import dev.ownership.testing.images.ImageArchiveWriter.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
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

  private static void write(Path root, String path, String content) throws Exception {
    Files.writeString(Files.createDirectories(root.resolve(path).getParent()).resolve(root.resolve(path).getFileName()),
        content);
  }
}
