package dev.baton.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TimerWatermark;
import dev.baton.protocol.definition.RetryBackoff;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.input.RetryWorkflow;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.output.TaskDispatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Events are the truth: the status events of a run, applied in order to empty state, rebuild
 * exactly the state the run left. That holds only while handlers decide and the applier alone
 * changes state, so this test is what keeps them apart.
 */
class ReplayTest {

  private static final int SEEDS = 60;
  private static final String WATERMARK = "!timer-watermark";

  @Test
  void shouldRebuildTheStateOfARandomRunFromItsStatusEvents() {
    for (int seed = 0; seed < SEEDS; seed++) {
      // given a run of random inputs, timers, retries, pauses and cancels
      EngineFixture run = new EngineFixture();
      randomRun(run, new Random(seed));

      // when its status events are applied to empty state
      InMemoryKv<InstanceState> instances = new InMemoryKv<>();
      InMemoryKv<StoredEntry> entries = new InMemoryKv<>();
      KvWorkflowState replayed = new KvWorkflowState(instances, entries);
      EventApplier applier =
          new EventApplier(
              replayed,
              EngineConfig.DEFAULTS.criticalPathLimit(),
              EngineConfig.DEFAULTS.retentionFinishedMs());
      for (StatusEvent event : run.events()) {
        if (event.seq() > 0) { // seq 0: a rejection of an instance that does not exist
          applier.apply(event.instanceId(), event.event(), event.timestamp());
          replayed.flush();
        }
      }

      // then both stores hold the same, but for what the engine keeps beside the events
      assertThat(differences(instances.contents(), run.instances.contents()))
          .as("seed %d: instances that differ (replayed, then run)", seed)
          .isEmpty();
      String scannedTo =
          run.entries.get(WATERMARK) instanceof TimerWatermark w ? w.key() : "!timer/";
      assertThat(
              differences(
                  withoutEngineBookkeeping(entries.contents(), scannedTo),
                  withoutEngineBookkeeping(run.entries.contents(), scannedTo)))
          .as("seed %d: entries that differ (replayed, then run)", seed)
          .isEmpty();
      assertThat(run.events()).as("seed %d: a run that did something", seed).hasSizeGreaterThan(20);
    }
  }

  /** Every key whose value differs, with the replayed value and the run's. */
  private static Map<String, List<String>> differences(
      Map<String, String> replayed, Map<String, String> run) {
    Map<String, List<String>> differences = new java.util.TreeMap<>();
    java.util.Set<String> keys = new java.util.TreeSet<>(replayed.keySet());
    keys.addAll(run.keySet());
    for (String key : keys) {
      String a = replayed.get(key);
      String b = run.get(key);
      if (!java.util.Objects.equals(a, b)) {
        differences.put(key, java.util.Arrays.asList(a, b));
      }
    }
    return differences;
  }

  /**
   * Seen commandIds are deduplication bookkeeping, and the timer watermark is where the scans are;
   * neither is an event. A timer that fired with nothing to do (a retry due while the workflow is
   * paused) leaves no event either: the run has taken it out of the index, the replay still holds
   * it, behind the run's watermark. Firing it again changes nothing, as it did not the first time.
   */
  private static Map<String, String> withoutEngineBookkeeping(
      Map<String, String> entries, String scannedTo) {
    return entries.entrySet().stream()
        .filter(e -> !e.getKey().contains("/c/") && !e.getKey().equals(WATERMARK))
        .filter(e -> !(e.getKey().startsWith("!timer/") && e.getKey().compareTo(scannedTo) <= 0))
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
  }

  private static void randomRun(EngineFixture run, Random random) {
    List<String> ids = new ArrayList<>();
    List<TaskDispatch> outstanding = new ArrayList<>();
    for (int step = 0; step < 300; step++) {
      int action = random.nextInt(100);
      String id = ids.isEmpty() ? null : ids.get(random.nextInt(ids.size()));
      if (id == null || action < 8) {
        String newId = "i-" + ids.size();
        ids.add(newId);
        run.send(
            new CreateWorkflow(
                newId, "c-" + step, randomDefinition(random), null, random.nextBoolean()));
      } else if (action < 14) {
        run.send(new StartWorkflow(id));
      } else if (action < 20) {
        run.send(new PauseWorkflow(id, "p-" + step));
      } else if (action < 26) {
        run.send(new ResumeWorkflow(id, "r-" + step));
      } else if (action < 29) {
        run.send(new CancelWorkflow(id, "c-" + step, "enough"));
      } else if (action < 33) {
        run.send(new RetryWorkflow(id, "rt-" + step));
      } else if (action < 75 && !outstanding.isEmpty()) {
        TaskDispatch d = outstanding.remove(random.nextInt(outstanding.size()));
        if (random.nextInt(4) == 0) {
          run.send(new FailTask(d.instanceId(), d.taskId(), d.attempt(), "boom", true));
        } else {
          run.send(new CompleteTask(d.instanceId(), d.taskId(), d.attempt(), null));
        }
        if (random.nextInt(10) == 0) { // a repeat, or a result of an older attempt
          run.send(
              new CompleteTask(d.instanceId(), d.taskId(), Math.max(1, d.attempt() - 1), null));
        }
      } else {
        run.now += 1 + random.nextInt(400);
        run.fireTimers();
      }
      run.results.stream()
          .skip(Math.max(0, run.results.size() - 4))
          .flatMap(r -> r.dispatches().stream())
          .filter(d -> !outstanding.contains(d))
          .forEach(outstanding::add);
    }
  }

  private static WorkflowDefinition randomDefinition(Random random) {
    int size = 2 + random.nextInt(7);
    List<TaskDefinition> tasks = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      List<String> dependencies = new ArrayList<>();
      for (int j = 0; j < i; j++) {
        if (random.nextInt(3) == 0) {
          dependencies.add("t" + j);
        }
      }
      tasks.add(
          new TaskDefinition(
              "t" + i,
              null,
              1 + random.nextInt(500),
              dependencies,
              List.of(),
              random.nextInt(3),
              random.nextInt(3) == 0 ? null : random.nextInt(3),
              random.nextInt(3) == 0 ? 50L + random.nextInt(500) : null,
              random.nextBoolean() ? new RetryBackoff(1 + random.nextInt(200), 2.0, 1_000L) : null,
              null));
    }
    return new WorkflowDefinition(
        "wf-" + random.nextInt(3),
        null,
        null,
        tasks,
        random.nextInt(2),
        random.nextInt(4) == 0 ? 500L + random.nextInt(3_000) : null,
        random.nextInt(4) != 0,
        random.nextBoolean() ? Scheduling.GROUPS : Scheduling.EAGER);
  }
}
