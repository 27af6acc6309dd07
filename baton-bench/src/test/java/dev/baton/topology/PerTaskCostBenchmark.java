package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The processing cost per task event through the real topology (serdes, RocksDB stores) for small
 * and large workflows, side by side in one run, reported as ratios. Not a timed test: it asserts
 * only that every workflow completed. Run it with {@code mvn test -Dgroups=benchmark
 * -Dsurefire.excludedGroups=integration -Dtest=PerTaskCostBenchmark}.
 */
@Tag("benchmark")
class PerTaskCostBenchmark {

  private static final int LARGE = 5_000;
  private static final int SMALL = 10;

  /** Enough small instances that both sides process the same number of task results. */
  private static final int SMALL_INSTANCES = LARGE / SMALL;

  private static final int ROUNDS = 3;

  private record Shape(String name, boolean chain) {}

  private static double median(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }

  @Test
  void measurePerTaskCost() {
    List<Shape> shapes = List.of(new Shape("chain", true), new Shape("fan-out", false));
    try (TopologyFixture f = new TopologyFixture()) {
      // Warm up the JIT and RocksDB on the same code paths, then measure.
      for (Shape shape : shapes) {
        run(f, "warm-" + shape.name, shape, SMALL, 200);
        run(f, "warm-big-" + shape.name, shape, 1_000, 2);
      }
      // Rounds alternate small and large so drift on a shared machine hits both sides alike;
      // the medians are compared.
      StringBuilder report =
          new StringBuilder(
              String.format(
                  Locale.ROOT,
                  "%nper-task cost through TopologyTestDriver (median of %d rounds)%n",
                  ROUNDS));
      for (Shape shape : shapes) {
        List<Double> small = new ArrayList<>();
        List<Double> large = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
          small.add(run(f, "s" + round + "-" + shape.name, shape, SMALL, SMALL_INSTANCES));
          large.add(run(f, "l" + round + "-" + shape.name, shape, LARGE, 1));
        }
        double smallMedian = median(small);
        double largeMedian = median(large);
        report.append(
            String.format(
                Locale.ROOT,
                "%-8s %5d tasks x %3d instances: %7.1f us/task | %5d tasks x 1 instance: %7.1f us/task"
                    + " | ratio %.2f%n",
                shape.name,
                SMALL,
                SMALL_INSTANCES,
                smallMedian,
                LARGE,
                largeMedian,
                largeMedian / smallMedian));
      }
      System.out.println(report);
    }
  }

  /**
   * Runs {@code instances} workflows of {@code tasks} tasks to completion; microseconds per task.
   */
  private static double run(
      TopologyFixture f, String prefix, Shape shape, int tasks, int instances) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < instances; i++) {
      String id = prefix + "-" + i;
      ids.add(id);
      f.create(id, definition(shape, tasks), true);
    }
    Deque<JsonNode> pending = new ArrayDeque<>(TopologyFixture.read(f.dispatch));
    drain(f);
    long started = System.nanoTime();
    int completed = 0;
    while (!pending.isEmpty()) {
      JsonNode dispatch = pending.poll();
      f.completed(
          dispatch.get("instanceId").asText(),
          dispatch.get("taskId").asText(),
          dispatch.get("attempt").asInt());
      completed++;
      pending.addAll(TopologyFixture.read(f.dispatch));
      drain(f);
    }
    long elapsed = System.nanoTime() - started;
    assertThat(completed).isEqualTo(tasks * instances);
    return elapsed / 1_000.0 / completed;
  }

  private static void drain(TopologyFixture f) {
    f.status.readValuesToList();
    f.metrics.readValuesToList();
  }

  private static String definition(Shape shape, int tasks) {
    List<String> json = new ArrayList<>(tasks);
    for (int t = 0; t < tasks; t++) {
      String[] deps;
      if (shape.chain) {
        deps = t == 0 ? new String[0] : new String[] {"t" + (t - 1)};
      } else if (t == 0) {
        deps = new String[0];
      } else if (t < tasks - 1) {
        deps = new String[] {"t0"};
      } else {
        deps = new String[tasks - 2];
        for (int d = 1; d < tasks - 1; d++) {
          deps[d - 1] = "t" + d;
        }
      }
      json.add(TopologyFixture.task("t" + t, 10 + t % 7, deps));
    }
    return TopologyFixture.definition("bench-" + shape.name, "GROUPS", json.toArray(new String[0]));
  }
}
