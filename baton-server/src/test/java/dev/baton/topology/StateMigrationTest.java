package dev.baton.topology;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.engine.Engine;
import dev.baton.engine.EngineConfig;
import dev.baton.engine.ProcessingResult;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.OrderedKv;
import dev.baton.engine.state.StoredEntry;
import dev.baton.protocol.definition.Scheduling;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.json.OutputWriter;
import dev.baton.protocol.output.TaskDispatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Stores written by the earlier version (JSON values) are taken over by this one mid-flight:
 * instances created, half run, paused and retried under the JSON codec finish under the binary one
 * with exactly the outputs of a run that used the binary codec throughout.
 */
class StateMigrationTest {

  /** Encoded values in key order, the codec switchable: a state store across an upgrade. */
  private static final class Store<V> implements OrderedKv<V> {
    final TreeMap<String, byte[]> data = new TreeMap<>();
    Function<V, byte[]> encode;
    final Function<byte[], V> decode;

    Store(Function<V, byte[]> encode, Function<byte[], V> decode) {
      this.encode = encode;
      this.decode = decode;
    }

    @Override
    public V get(String key) {
      byte[] b = data.get(key);
      return b == null ? null : decode.apply(b);
    }

    @Override
    public void put(String key, V value) {
      data.put(key, encode.apply(value));
    }

    @Override
    public void delete(String key) {
      data.remove(key);
    }

    @Override
    public void scan(String prefix, Predicate<Map.Entry<String, V>> visitor) {
      for (Map.Entry<String, byte[]> e : data.tailMap(prefix, true).entrySet()) {
        if (!e.getKey().startsWith(prefix)
            || !visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
          return;
        }
      }
    }

    @Override
    public void range(String from, String to, Predicate<Map.Entry<String, V>> visitor) {
      for (Map.Entry<String, byte[]> e : data.subMap(from, true, to, false).entrySet()) {
        if (!visitor.test(Map.entry(e.getKey(), decode.apply(e.getValue())))) {
          return;
        }
      }
    }

    long jsonValues() {
      return data.values().stream().filter(b -> b[0] == '{').count();
    }
  }

  private static final WorkflowDefinition DIAMOND =
      new WorkflowDefinition(
          "diamond",
          "Diamond",
          null,
          List.of(
              TaskDefinition.of("a", 100),
              TaskDefinition.of("b", 200, "a").withMaxRetries(2),
              TaskDefinition.of("c", 50, "a"),
              TaskDefinition.of("d", 10, "b", "c")),
          1,
          60_000L,
          true,
          Scheduling.EAGER);

  private static final WorkflowDefinition GROUPED =
      DIAMOND.withScheduling(Scheduling.GROUPS).withMaxRetries(0);

  private static List<String> run(int switchAfter, long[] jsonLeft) {
    Store<InstanceState> instances =
        new Store<>(JsonStateCodec::encodeInstance, StateCodec::decodeInstance);
    Store<StoredEntry> entries = new Store<>(JsonStateCodec::encodeEntry, StateCodec::decodeEntry);
    Engine engine = new Engine(new KvWorkflowState(instances, entries), EngineConfig.DEFAULTS);
    List<String> outputs = new ArrayList<>();
    Deque<Input> inputs = new ArrayDeque<>();
    inputs.add(new CreateWorkflow("wf-1", "c-1", DIAMOND, null, true));
    inputs.add(new CreateWorkflow("wf-2", "c-2", GROUPED, null, true));
    inputs.add(new CreateWorkflow("wf-3", "c-3", DIAMOND, null, true));
    inputs.add(new PauseWorkflow("wf-3", "p-3"));
    long now = 1_764_340_000_000L;
    int step = 0;
    boolean failedOnce = false;
    boolean resumed = false;
    while (!inputs.isEmpty()) {
      if (step == switchAfter) {
        assertThat(instances.jsonValues()).isEqualTo(instances.data.size());
        assertThat(entries.jsonValues()).isEqualTo(entries.data.size());
        instances.encode = StateCodec::encodeInstance;
        entries.encode = StateCodec::encodeEntry;
      }
      Input input = inputs.poll();
      ProcessingResult result = engine.process(input, now);
      now += 7;
      step++;
      outputs.add(input + " -> " + result.outcome());
      for (StatusEvent event : result.events()) {
        outputs.add(new String(OutputWriter.statusEvent(event), StandardCharsets.UTF_8));
      }
      if (result.metrics() != null) {
        outputs.add(new String(OutputWriter.metrics(result.metrics()), StandardCharsets.UTF_8));
      }
      for (TaskDispatch d : result.dispatches()) {
        outputs.add(new String(OutputWriter.dispatch(d), StandardCharsets.UTF_8));
        if (d.taskId().equals("b") && !failedOnce) {
          failedOnce = true;
          inputs.add(new FailTask(d.instanceId(), d.taskId(), d.attempt(), "flaky"));
        } else {
          inputs.add(new CompleteTask(d.instanceId(), d.taskId(), d.attempt(), "{\"ok\":1}"));
        }
      }
      if (inputs.isEmpty() && !resumed) {
        resumed = true;
        inputs.add(new ResumeWorkflow("wf-3", "r-3"));
      }
      for (int i = 0; i < 5; i++) {
        engine.fireNextTimer(now).ifPresent(fired -> outputs.add("timer " + fired.events()));
      }
    }
    jsonLeft[0] = instances.jsonValues() + entries.jsonValues();
    return outputs;
  }

  @Test
  void instancesWrittenInJsonFinishUnderTheBinaryCodecAsIfNothingChanged() {
    long[] left = new long[1];
    List<String> binaryThroughout = run(0, left);
    assertThat(left[0]).isZero();
    assertThat(binaryThroughout).anyMatch(s -> s.contains("WorkflowCompleted"));
    assertThat(binaryThroughout).anyMatch(s -> s.contains("TaskFailed"));
    for (int switchAfter : new int[] {4, 6, 9, 13}) {
      List<String> upgraded = run(switchAfter, left);
      assertThat(upgraded).as("switched after " + switchAfter).isEqualTo(binaryThroughout);
      // values never rewritten since (seen commands, plans, definitions) are still JSON, and read
      assertThat(left[0]).as("JSON values left after " + switchAfter).isPositive();
    }
    // All in JSON: the old codec alone produces the same, so the switch is invisible.
    assertThat(run(Integer.MAX_VALUE, left)).isEqualTo(binaryThroughout);
    assertThat(left[0]).isPositive();
  }
}
