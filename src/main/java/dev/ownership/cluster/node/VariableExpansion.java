package dev.ownership.cluster.node;

import java.util.List;
import java.util.Map;

/**
 * Kubernetes' {@code $(VAR)} syntax in env values, command and args: a defined variable is
 * replaced, an undefined reference stays as written, and {@code $$} stands for a literal {@code $}.
 */
final class VariableExpansion {

  private VariableExpansion() {
  }

  static String expand(String input, Map<String, String> variables) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c == '$' && i + 1 < input.length() && input.charAt(i + 1) == '$') {
        out.append('$');
        i += 2;
      } else if (c == '$' && i + 1 < input.length() && input.charAt(i + 1) == '(' && input.indexOf(')', i) > 0) {
        int end = input.indexOf(')', i);
        String name = input.substring(i + 2, end);
        out.append(variables.getOrDefault(name, input.substring(i, end + 1)));
        i = end + 1;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }

  static List<String> expand(List<String> inputs, Map<String, String> variables) {
    return inputs.stream().map(input -> expand(input, variables)).toList();
  }
}
