package dev.ownership.cluster.node;

import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KubeletCertificatesTest {

  @TempDir
  Path dir;

  /** Whoever reads the API server's client key passes the kubelet port's only check. */
  @Test
  void onlyItsOwnerReadsTheApiServersClientKey() throws IOException {
    Path key = dir.resolve("apiserver-kubelet-client.key");
    Files.writeString(key, "an earlier run's key");
    Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-r--r--"));

    var flags = KubeletCertificates.create(dir).apiServerFlags();

    assertThat(flags).containsEntry("--kubelet-client-key", key.toString());
    assertThat(Files.readString(key)).startsWith("-----BEGIN");
    assertThat(Files.getPosixFilePermissions(key)).containsExactlyInAnyOrder(OWNER_READ, OWNER_WRITE);
  }
}
