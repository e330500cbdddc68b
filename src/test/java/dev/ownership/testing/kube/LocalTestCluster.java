package dev.ownership.testing.kube;

import dev.ownership.cluster.LocalControlPlane;
import java.nio.file.Path;
import java.util.List;

/** The default test cluster: the program's {@link LocalControlPlane} (the demo runs the same one). */
final class LocalTestCluster implements KubeCluster {

  private final LocalControlPlane controlPlane;

  LocalTestCluster(Path workDir) {
    this.controlPlane = new LocalControlPlane(workDir);
  }

  @Override
  public void start() throws Exception {
    controlPlane.start();
  }

  @Override
  public String kubeconfig() {
    return controlPlane.kubeconfig();
  }

  @Override
  public void mapImage(String image, List<String> entrypoint) {
    controlPlane.mapImage(image, entrypoint);
  }

  @Override
  public void containerImage(String image, Path archive) {
    controlPlane.containerImage(image, archive);
  }

  @Override
  public void close() {
    controlPlane.close();
  }
}
