package dev.ownership.cluster.node;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The query of a kubelet's {@code /containerLogs} request, the v1 PodLogOptions the API server
 * passes on for {@code pods/log}.
 *
 * @param tailLines lines from the end of the log to start from; empty for the whole log
 * @param limitBytes the most bytes to send; empty for no limit
 */
record LogOptions(boolean follow, boolean previous, OptionalLong tailLines, OptionalLong limitBytes) {

  /** What the query asks for; throws {@link LogRequestException} for what this node cannot or will not do. */
  static LogOptions parse(String rawQuery) {
    Map<String, String> query = query(rawQuery);
    // the kubelet still takes the old "tail" parameter; "all" is no tail
    String tail = query.getOrDefault("tail", query.get("tailLines"));
    if ("all".equals(tail)) {
      tail = null;
    }
    if (flag(query, "timestamps")) {
      throw new LogRequestException(400, "timestamps=true: the process node keeps container output without timestamps");
    }
    if (query.containsKey("sinceSeconds") || query.containsKey("sinceTime")) {
      throw new LogRequestException(400,
          "sinceSeconds and sinceTime: the process node keeps container output without timestamps");
    }
    String stream = query.getOrDefault("stream", "All");
    if (!stream.equals("All")) {
      throw new LogRequestException(400, "unable to return the given log stream: \"" + stream
          + "\": the process node keeps stdout and stderr in one file");
    }
    var options = new LogOptions(flag(query, "follow"), flag(query, "previous"), number(tail), number(query.get("limitBytes")));
    if (options.tailLines.orElse(0) < 0 || options.limitBytes.orElse(1) < 1) {
      throw new LogRequestException(422, "{\"message\": \"Invalid request.\"}");
    }
    return options;
  }

  private static Map<String, String> query(String rawQuery) {
    Map<String, String> query = new HashMap<>();
    if (rawQuery == null || rawQuery.isEmpty()) {
      return query;
    }
    for (String pair : rawQuery.split("&")) {
      int equals = pair.indexOf('=');
      String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
      String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
      query.putIfAbsent(name, value);
    }
    return query;
  }

  private static boolean flag(Map<String, String> query, String name) {
    String value = query.get(name);
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true") || value.isEmpty()) {
      return true;
    }
    throw new LogRequestException(400, "{\"message\": \"Unable to decode query.\"}");
  }

  private static OptionalLong number(String value) {
    if (value == null) {
      return OptionalLong.empty();
    }
    try {
      return OptionalLong.of(Long.parseLong(value));
    } catch (NumberFormatException e) {
      throw new LogRequestException(400, "{\"message\": \"Unable to decode query.\"}");
    }
  }
}
