package dev.ownership.cluster.node;

/** A log request the node answers with an HTTP error, its message the kubelet's where there is one. */
final class LogRequestException extends RuntimeException {

  private final int status;

  LogRequestException(int status, String message) {
    super(message);
    this.status = status;
  }

  int status() {
    return status;
  }
}
