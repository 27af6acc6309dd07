package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The index heads kept in the header answer exactly what a full scan of the index would, under
 * random adds and removes (biased to the head, as completions are), across input boundaries.
 */
class IndexHeadTest {

  @Test
  void shouldAnswerLikeAFullScanUnderRandomAddsAndRemoves() {
    for (int seed = 0; seed < 300; seed++) {
      Random random = new Random(seed);
      InMemoryKv<InstanceState> instances = new InMemoryKv<>();
      InMemoryKv<StoredEntry> entries = new InMemoryKv<>();
      KvWorkflowState state = new KvWorkflowState(instances, entries);
      InstanceState instance = new InstanceState();
      instance.instanceId = "i";
      state.putInstance(instance);
      state.flush();
      TreeMap<Integer, String> model = new TreeMap<>();
      for (int step = 0; step < 400; step++) {
        int op = random.nextInt(10);
        if (op < 4) {
          int order = random.nextInt(80);
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
        }
      }
      state.flush();
      assertThat(state.readyTasks("i", Integer.MAX_VALUE))
          .extracting(IndexEntry::taskId)
          .isEqualTo(new ArrayList<>(model.values()));
    }
  }

  private static TaskState task(int order) {
    TaskState task = new TaskState();
    task.taskId = "t" + order;
    task.orderIndex = order;
    return task;
  }
}
