package dev.baton.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The DAG shapes the benchmark runs, as contract JSON definitions. Task ids are {@code t0} to
 * {@code t<n-1>}; every task has default settings (no retries, no timeout, GROUPS scheduling).
 */
public enum WorkflowShape {

  /** {@code t0 -> t1 -> ... -> t<n-1>}: one task in flight per instance. */
  CHAIN,
  /** {@code t0 -> (t1 .. t<n-2> in parallel) -> t<n-1>}. */
  FAN_OUT,
  /**
   * Layers of {@link #LAYER_WIDTH} tasks (the last may be narrower); each task depends on two tasks
   * of the previous layer.
   */
  LAYERED;

  public static final int LAYER_WIDTH = 10;

  /** The name used in reports and ids: {@code chain}, {@code fan-out}, {@code layered}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  public int minTasks() {
    return this == FAN_OUT ? 3 : 1;
  }

  /** The dependencies of every task, by index. */
  List<int[]> dependencies(int tasks) {
    if (tasks < minTasks()) {
      throw new IllegalArgumentException(
          "A " + label() + " workflow needs at least " + minTasks() + " tasks, got " + tasks);
    }
    List<int[]> deps = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      deps.add(
          switch (this) {
            case CHAIN -> t == 0 ? new int[0] : new int[] {t - 1};
            case FAN_OUT -> fanOut(t, tasks);
            case LAYERED -> layered(t, tasks);
          });
    }
    return deps;
  }

  private static int[] fanOut(int t, int tasks) {
    if (t == 0) {
      return new int[0];
    }
    if (t < tasks - 1) {
      return new int[] {0};
    }
    int[] all = new int[tasks - 2];
    for (int d = 1; d < tasks - 1; d++) {
      all[d - 1] = d;
    }
    return all;
  }

  private static int[] layered(int t, int tasks) {
    int layer = t / LAYER_WIDTH;
    if (layer == 0) {
      return new int[0];
    }
    int first = (layer - 1) * LAYER_WIDTH;
    int previousWidth = Math.min(LAYER_WIDTH, tasks - first);
    int i = t % LAYER_WIDTH;
    int a = first + i % previousWidth;
    int b = first + (i + 1) % previousWidth;
    return a == b ? new int[] {a} : new int[] {a, b};
  }

  /** The definition as contract JSON, with workflow id {@code bench-<shape>-<tasks>}. */
  public String definitionJson(int tasks) {
    List<int[]> deps = dependencies(tasks);
    StringBuilder json = new StringBuilder(64 + tasks * 32);
    json.append("{\"id\":\"bench-")
        .append(label())
        .append('-')
        .append(tasks)
        .append("\",\"tasks\":[");
    for (int t = 0; t < tasks; t++) {
      if (t > 0) {
        json.append(',');
      }
      json.append("{\"id\":\"t").append(t).append("\",\"dependencies\":[");
      int[] d = deps.get(t);
      for (int k = 0; k < d.length; k++) {
        if (k > 0) {
          json.append(',');
        }
        json.append("\"t").append(d[k]).append('"');
      }
      json.append("]}");
    }
    return json.append("]}").toString();
  }

  /** A workflow without tasks: it completes as soon as it starts. */
  public static String emptyDefinitionJson() {
    return "{\"id\":\"bench-empty\",\"tasks\":[]}";
  }
}
