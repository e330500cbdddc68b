package dev.ownership.cluster.node;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.HttpURLConnection;
import org.jboss.logging.Logger;

/** The scheduler of a one-node cluster: binds every pending pod of the default scheduler to the node. */
final class PodBinder {

  private static final Logger LOG = Logger.getLogger(PodBinder.class);
  private static final String DEFAULT_SCHEDULER = "default-scheduler";

  private final KubernetesClient client;
  private final String nodeName;

  PodBinder(KubernetesClient client, String nodeName) {
    this.client = client;
    this.nodeName = nodeName;
  }

  void bindIfPending(Pod pod) {
    var metadata = pod.getMetadata();
    String scheduler = pod.getSpec().getSchedulerName();
    if (metadata.getDeletionTimestamp() != null || scheduler != null && !scheduler.equals(DEFAULT_SCHEDULER)) {
      return;
    }
    // the UID makes the API server refuse to bind a different pod of the same name
    Binding binding = new BindingBuilder()
        .withNewMetadata().withName(metadata.getName()).withNamespace(metadata.getNamespace()).withUid(metadata.getUid())
        .endMetadata()
        .withNewTarget().withApiVersion("v1").withKind("Node").withName(nodeName).endTarget()
        .build();
    String path = "/api/v1/namespaces/" + metadata.getNamespace() + "/pods/" + metadata.getName() + "/binding";
    try {
      client.raw(path, "POST", binding); // the pods/binding subresource, which Fabric8 has no method for
    } catch (KubernetesClientException e) {
      // already bound (a stale event) or already gone: nothing to do
      if (e.getCode() != HttpURLConnection.HTTP_CONFLICT && e.getCode() != HttpURLConnection.HTTP_NOT_FOUND) {
        LOG.warnf(e, "Could not bind pod %s/%s", metadata.getNamespace(), metadata.getName());
      }
    }
  }
}
