package dev.ownership.cluster.node;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an image's config says about how to run it (the OCI image config's {@code config}, which the
 * Docker image config shares): entrypoint, cmd, environment, working directory and user.
 */
record ImageConfig(List<String> entrypoint, List<String> cmd, Map<String, String> env, String workingDir, String user) {

  static ImageConfig parse(JsonNode imageConfig) {
    JsonNode config = imageConfig.path("config");
    Map<String, String> env = new LinkedHashMap<>();
    for (String variable : strings(config.path("Env"))) {
      int equals = variable.indexOf('=');
      env.put(equals < 0 ? variable : variable.substring(0, equals), equals < 0 ? "" : variable.substring(equals + 1));
    }
    return new ImageConfig(strings(config.path("Entrypoint")), strings(config.path("Cmd")), env,
        config.path("WorkingDir").asText(""), config.path("User").asText(""));
  }

  private static List<String> strings(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(value -> values.add(value.asText()));
    return values;
  }
}
