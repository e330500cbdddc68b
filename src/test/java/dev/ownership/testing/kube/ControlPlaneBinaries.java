package dev.ownership.testing.kube;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The binaries of the Kubernetes release pinned in hack/control-plane/go.mod, where
 * hack/control-plane/build.sh puts them: io.fabric8:kube-api-test's offline layout
 * {@code <test dir>/k8s/<X.Y.Z>-linux-<arch>/}, with kube-controller-manager beside the others.
 */
record ControlPlaneBinaries(String version, Path testDir, Path dir) {

  private static final Path GO_MOD = Path.of("hack", "control-plane", "go.mod");
  private static final List<String> NAMES =
      List.of("etcd", "kube-apiserver", "kube-controller-manager", "kubectl");

  static ControlPlaneBinaries pinned() {
    String version = pinnedVersion();
    // the same default and variable as kube-api-test and build.sh
    Path testDir = Path.of(Optional.ofNullable(System.getenv("KUBE_API_TEST_DIR"))
        .orElse(System.getProperty("user.home") + "/.kubeapitest"));
    // kube-api-test's own mapping of os.arch
    String arch = System.getProperty("os.arch").equals("aarch64") ? "arm64" : "amd64";
    return new ControlPlaneBinaries(version, testDir, testDir.resolve("k8s").resolve(version + "-linux-" + arch));
  }

  /** Fails with what to run when a binary is missing, rather than deep inside a process start. */
  ControlPlaneBinaries requirePresent() {
    for (String name : NAMES) {
      if (!Files.isExecutable(dir.resolve(name))) {
        throw new IllegalStateException("No " + name + " in " + dir
            + ": run hack/control-plane/build.sh (./mvnw verify does) to build Kubernetes " + version);
      }
    }
    return this;
  }

  Path controllerManager() {
    return dir.resolve("kube-controller-manager");
  }

  private static String pinnedVersion() {
    try (var lines = Files.lines(GO_MOD)) {
      return lines.map(String::trim)
          .filter(line -> line.startsWith("k8s.io/kubernetes v"))
          .map(line -> line.substring("k8s.io/kubernetes v".length()).split("\\s")[0])
          .findFirst()
          .orElseThrow(() -> new IllegalStateException(GO_MOD + " requires no k8s.io/kubernetes"));
    } catch (IOException e) {
      throw new UncheckedIOException("The cluster tests run from the project directory, which has " + GO_MOD, e);
    }
  }
}
