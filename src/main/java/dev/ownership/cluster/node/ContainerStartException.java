package dev.ownership.cluster.node;

/**
 * Why a container cannot start yet, as the waiting reason a kubelet reports (ErrImagePull,
 * CreateContainerConfigError, ...); the pod stays Pending and the node tries again.
 */
final class ContainerStartException extends Exception {

  private final String reason;

  ContainerStartException(String reason, String message) {
    super(message);
    this.reason = reason;
  }

  String reason() {
    return reason;
  }
}
