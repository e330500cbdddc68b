package dev.ownership.cluster.node;

import java.net.URI;
import java.nio.file.Path;

/**
 * Where pods reach the API server, and the CA that signed its serving certificate.
 *
 * @param url e.g. https://127.0.0.1:51234/
 */
public record ApiServerEndpoint(String url, Path caCertificate) {

  String host() {
    return URI.create(url).getHost();
  }

  int port() {
    return URI.create(url).getPort();
  }
}
