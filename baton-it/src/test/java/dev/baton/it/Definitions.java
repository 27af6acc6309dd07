package dev.baton.it;

/** Workflow definitions for the integration tests, as JSON. */
public final class Definitions {

  private Definitions() {}

  /** a, then b and c (both after a), then d (after b and c). */
  public static String diamond(String id, String scheduling) {
    return "{\"id\":\""
        + id
        + "\",\"scheduling\":\""
        + scheduling
        + "\",\"tasks\":["
        + task("a", "Build", 100)
        + ","
        + task("b", "Test", 300, "a")
        + ","
        + task("c", "Lint", 50, "a")
        + ","
        + task("d", "Deploy", 10, "b", "c")
        + "]}";
  }

  /**
   * a, then b and c (both after a), then d after b alone: under GROUPS d also waits for c (its
   * group), under EAGER it does not.
   */
  public static String fork(String id, String scheduling) {
    return "{\"id\":\""
        + id
        + "\",\"scheduling\":\""
        + scheduling
        + "\",\"tasks\":["
        + task("a", "Build", 100)
        + ","
        + task("b", "Test", 300, "a")
        + ","
        + task("c", "Lint", 50, "a")
        + ","
        + task("d", "Deploy", 10, "b")
        + "]}";
  }

  /** One task. */
  public static String single(String id, String taskName, int maxRetries) {
    return "{\"id\":\""
        + id
        + "\",\"maxRetries\":"
        + maxRetries
        + ",\"tasks\":["
        + task("t", taskName, 10)
        + "]}";
  }

  /** a, then b, then c. */
  public static String chain3(String id, String first, String second, String third) {
    return "{\"id\":\""
        + id
        + "\",\"tasks\":["
        + task("a", first, 10)
        + ","
        + task("b", second, 20, "a")
        + ","
        + task("c", third, 30, "b")
        + "]}";
  }

  /** a, then b. */
  public static String chain(String id, String first, String second) {
    return "{\"id\":\""
        + id
        + "\",\"tasks\":["
        + task("a", first, 10)
        + ","
        + task("b", second, 10, "a")
        + "]}";
  }

  public static String task(String id, String name, long estimateMs, String... dependencies) {
    StringBuilder deps = new StringBuilder();
    for (String dep : dependencies) {
      deps.append(deps.length() == 0 ? "" : ",").append('"').append(dep).append('"');
    }
    return "{\"id\":\""
        + id
        + "\",\"name\":\""
        + name
        + "\",\"estimatedDurationMs\":"
        + estimateMs
        + ",\"dependencies\":["
        + deps
        + "],\"input\":{\"task\":\""
        + id
        + "\"}}";
  }
}
