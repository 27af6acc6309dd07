package dev.baton.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The fields of a workflow definition that the contract does not know. The server ignores them
 * (forward compatibility), so a misspelt {@code dependancies} would silently be no dependency at
 * all; the CLI names each one, with its JSON path and the known field it most likely means.
 */
final class DefinitionFields {

  /** The contract's workflow fields; {@code $schema} is for editors that validate the file. */
  static final List<String> WORKFLOW =
      List.of(
          "id",
          "name",
          "description",
          "tasks",
          "maxRetries",
          "timeoutMs",
          "allowParallel",
          "scheduling");

  static final List<String> TASK =
      List.of(
          "id",
          "name",
          "estimatedDurationMs",
          "dependencies",
          "resources",
          "priority",
          "maxRetries",
          "timeoutMs",
          "retryBackoff",
          "input");

  static final List<String> RETRY_BACKOFF = List.of("initialMs", "multiplier", "maxMs");

  private static final Set<String> TOLERATED = Set.of("$schema");

  private DefinitionFields() {}

  /** One line per unknown field, in the order of the file; empty when there are none. */
  static List<String> unknown(JsonNode definition) {
    List<String> warnings = new ArrayList<>();
    if (definition == null || !definition.isObject()) {
      return warnings;
    }
    check(definition, "$", WORKFLOW, "the workflow", TASK, "a task", warnings);
    JsonNode tasks = definition.path("tasks");
    for (int i = 0; tasks.isArray() && i < tasks.size(); i++) {
      JsonNode task = tasks.get(i);
      if (!task.isObject()) {
        continue;
      }
      String path = "$.tasks[" + i + "]";
      check(task, path, TASK, "a task", WORKFLOW, "the workflow", warnings);
      JsonNode backoff = task.path("retryBackoff");
      if (backoff.isObject()) {
        check(
            backoff,
            path + ".retryBackoff",
            RETRY_BACKOFF,
            "retryBackoff",
            List.of(),
            "",
            warnings);
      }
    }
    return warnings;
  }

  private static void check(
      JsonNode object,
      String path,
      List<String> known,
      String what,
      List<String> other,
      String otherWhat,
      List<String> warnings) {
    for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (known.contains(name) || (path.equals("$") && TOLERATED.contains(name))) {
        continue;
      }
      String line = "unknown field " + path + "." + name + " (ignored)";
      String close = closest(name, known);
      String elsewhere = closest(name, other);
      if (close != null) {
        line += "; did you mean '" + close + "'?";
      } else if (other.contains(name)) {
        line += "; '" + name + "' is a field of " + otherWhat + ", not of " + what;
      } else if (elsewhere != null) {
        line +=
            "; did you mean '"
                + elsewhere
                + "'? That is a field of "
                + otherWhat
                + ", not of "
                + what;
      }
      if (path.startsWith("$.tasks[") && object.path("id").isTextual()) {
        line += " (task '" + object.get("id").asText() + "')";
      }
      warnings.add(line);
    }
  }

  /**
   * The known field {@code name} is most likely a slip for: equal but for case, or within a few
   * edits (about one in four characters). Null when none is that close.
   */
  static String closest(String name, List<String> known) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : known) {
      int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    int allowed = Math.max(1, Math.min(3, name.length() / 4));
    return best != null && bestDistance <= allowed ? best : null;
  }

  /** Edits (insert, delete, replace, or swap two neighbours) from {@code a} to {@code b}. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int same = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        int best = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + same);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          best = Math.min(best, d[i - 2][j - 2] + 1);
        }
        d[i][j] = best;
      }
    }
    return d[a.length()][b.length()];
  }
}
