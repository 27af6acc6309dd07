package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index heads kept in the header answer exactly what a full scan of the index would, under
 * random adds and removes (biased to the head, as completions are), across input boundaries; and so
 * do the ready tasks kept in the header while they are few, as they move to the index and back.
 */
class IndexHeadTest {

  @Test
  void shouldAnswerLikeAFullScanUnderRandomAddsAndRemoves() {
    int indexed = 0;
    int inline = 0;
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      InMemoryKv<InstanceState> instances = new InMemoryKv<>();
      KvWorkflowState state = withInstance(instances);
      TreeMap<Integer, String> model = new TreeMap<>();
      for (int step = 0; step < 1000; step++) {
        // phases that fill the index past what the header holds, then drain it: the tasks move
        // from the header to the index and back
        boolean filling = (step / 200) % 2 == 0;
        int op = random.nextInt(10);
        if (op < (filling ? 6 : 1)) {
          int order = random.nextInt(4 * KvWorkflowState.INLINE_TASKS);
          if (!model.containsKey(order)) {
            state.addReady("i", task(order));
            model.put(order, "t" + order);
          }
        } else if (op < 7 && !model.isEmpty()) {
          // Mostly the first entry, as work leaves an index in order; sometimes any.
          List<Integer> keys = new ArrayList<>(model.keySet());
          int order = random.nextInt(3) > 0 ? keys.get(0) : keys.get(random.nextInt(keys.size()));
          state.removeReady("i", task(order));
          model.remove(order);
        } else if (op < 9) {
          int limit = 1 + random.nextInt(12);
          List<String> expected = model.values().stream().limit(limit).toList();
          assertThat(state.readyTasks("i", limit))
              .extracting(IndexEntry::taskId)
              .as("seed %d step %d limit %d", seed, step, limit)
              .isEqualTo(expected);
        } else {
          state.flush();
          InstanceState stored = instances.get("i");
          if (stored.readyHead.count > 0) {
            indexed++;
          } else if (!stored.ready.isEmpty()) {
            inline++;
          }
        }
      }
      state.flush();
      assertThat(state.readyTasks("i", Integer.MAX_VALUE))
          .extracting(IndexEntry::taskId)
          .isEqualTo(new ArrayList<>(model.values()));
    }
    // both forms were exercised, many times
    assertThat(indexed).isGreaterThan(1_000);
    assertThat(inline).isGreaterThan(1_000);
  }

  /**
   * The frontier answers in its indexes' key order (longest chain, or estimate, first; then
   * execution order), ties included, whether its tasks are in the header or in the indexes, as it
   * moves between them.
   */
  @Test
  void shouldOrderTheFrontierAlikeInTheHeaderAndInTheIndexes() {
    Comparator<TaskState> byTail =
        Comparator.comparingLong((TaskState t) -> -t.tailMs).thenComparingInt(t -> t.orderIndex);
    Comparator<TaskState> byEstimate =
        Comparator.comparingLong((TaskState t) -> -t.estimatedDurationMs)
            .thenComparingInt(t -> t.orderIndex);
    int indexed = 0;
    for (int seed = 0; seed < 100; seed++) {
      Random random = new Random(seed);
      KvWorkflowState state = withInstance(new InMemoryKv<>());
      Map<Integer, TaskState> model = new HashMap<>();
      for (int step = 0; step < 600; step++) {
        boolean filling = (step / 150) % 2 == 0;
        if (random.nextInt(10) < (filling ? 9 : 2)) {
          int order = random.nextInt(3 * KvWorkflowState.INLINE_TASKS);
          if (!model.containsKey(order)) {
            TaskState task = task(order);
            task.tailMs = 10L * random.nextInt(5); // few values: ties
            task.estimatedDurationMs = 10L * random.nextInt(5);
            task.status = TaskStatus.READY;
            state.addFrontier("i", task);
            model.put(order, task);
          }
        } else if (!model.isEmpty()) {
          List<Integer> orders = new ArrayList<>(model.keySet());
          TaskState task = model.remove(orders.get(random.nextInt(orders.size())));
          state.removeFrontier("i", task);
        }
        if (random.nextInt(4) == 0) {
          state.flush();
        }
        if (state.instance("i").tailHead.count > 0) {
          indexed++;
        }
        int limit = 1 + random.nextInt(8);
        assertThat(state.frontierByTail("i", limit))
            .extracting(IndexEntry::taskId)
            .as("seed %d step %d by tail", seed, step)
            .isEqualTo(
                model.values().stream().sorted(byTail).limit(limit).map(t -> t.taskId).toList());
        assertThat(state.frontierByEstimate("i", limit))
            .extracting(IndexEntry::taskId)
            .as("seed %d step %d by estimate", seed, step)
            .isEqualTo(
                model.values().stream()
                    .sorted(byEstimate)
                    .limit(limit)
                    .map(t -> t.taskId)
                    .toList());
      }
    }
    assertThat(indexed).isGreaterThan(1_000);
  }

  /** A state over in-memory stores holding one empty instance, "i". */
  private static KvWorkflowState withInstance(InMemoryKv<InstanceState> instances) {
    KvWorkflowState state = new KvWorkflowState(instances, new InMemoryKv<StoredEntry>());
    InstanceState instance = new InstanceState();
    instance.instanceId = "i";
    state.putInstance(instance);
    state.flush();
    return state;
  }

  private static TaskState task(int order) {
    TaskState task = new TaskState();
    task.taskId = "t" + order;
    task.orderIndex = order;
    return task;
  }
}
