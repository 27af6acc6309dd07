package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.KvWorkflowState;
import dev.baton.engine.state.StoredEntry;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.definition.WorkflowDefinition;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.EventType;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.input.CancelWorkflow;
import dev.baton.protocol.input.CompleteTask;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.input.FailTask;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.input.PauseWorkflow;
import dev.baton.protocol.input.ResumeWorkflow;
import dev.baton.protocol.input.StartWorkflow;
import dev.baton.protocol.output.TaskDispatch;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An engine over in-memory stores with a settable clock, and shorthands for the inputs tests send.
 * Every result is kept, so a test can look at what any step produced.
 */
final class EngineFixture {

  final InMemoryKv<InstanceState> instances = new InMemoryKv<>();
  final InMemoryKv<StoredEntry> entries = new InMemoryKv<>();
  final Engine engine;
  final List<ProcessingResult> results = new ArrayList<>();
  long now = 1_000_000L;

  EngineFixture() {
    this(EngineConfig.DEFAULTS);
  }

  EngineFixture(EngineConfig config) {
    this(config, 0L);
  }

  /** The engine's state, to look at what it keeps between inputs. */
  final KvWorkflowState state;

  /**
   * @param keepBudget what the decoded headers kept between inputs may weigh, as the processor
   *     keeps them; 0 for none
   */
  EngineFixture(EngineConfig config, long keepBudget) {
    state = new KvWorkflowState(instances, entries, entries, keepBudget);
    engine = new Engine(state, config);
  }

  static WorkflowDefinition workflow(TaskDefinition... tasks) {
    return WorkflowDefinition.of("wf", Arrays.asList(tasks));
  }

  static TaskDefinition task(String id, long estimateMs, String... dependencies) {
    return TaskDefinition.of(id, estimateMs, dependencies);
  }

  ProcessingResult send(Input input) {
    ProcessingResult result = engine.process(input, now);
    results.add(result);
    return result;
  }

  ProcessingResult create(String instanceId, WorkflowDefinition definition) {
    return send(CreateWorkflow.of(instanceId, definition));
  }

  ProcessingResult createAndStart(String instanceId, WorkflowDefinition definition) {
    return send(new CreateWorkflow(instanceId, null, definition, null, true));
  }

  ProcessingResult start(String instanceId) {
    return send(new StartWorkflow(instanceId));
  }

  ProcessingResult pause(String instanceId) {
    return send(new PauseWorkflow(instanceId));
  }

  ProcessingResult resume(String instanceId) {
    return send(new ResumeWorkflow(instanceId));
  }

  ProcessingResult cancel(String instanceId, String reason) {
    return send(new CancelWorkflow(instanceId, reason));
  }

  ProcessingResult complete(String instanceId, String taskId, int attempt) {
    return send(new CompleteTask(instanceId, taskId, attempt));
  }

  ProcessingResult fail(String instanceId, String taskId, int attempt, String error) {
    return send(new FailTask(instanceId, taskId, attempt, error));
  }

  /** A failure the worker marks {@code retryable: false}. */
  ProcessingResult failForGood(String instanceId, String taskId, int attempt, String error) {
    return send(new FailTask(instanceId, taskId, attempt, error, false));
  }

  /** Fires every timer due at {@code now}, each as its own result, and returns them merged. */
  ProcessingResult fireTimers() {
    List<StatusEvent> events = new ArrayList<>();
    List<TaskDispatch> dispatches = new ArrayList<>();
    for (var fired = engine.fireNextTimer(now);
        fired.isPresent();
        fired = engine.fireNextTimer(now)) {
      results.add(fired.get());
      events.addAll(fired.get().events());
      dispatches.addAll(fired.get().dispatches());
    }
    return new ProcessingResult(ProcessingResult.Outcome.APPLIED, events, dispatches, null);
  }

  WorkflowQueries queries() {
    return engine.queries();
  }

  /** The stored header of an instance that must exist. */
  InstanceState instance(String instanceId) {
    return queries().instance(instanceId).orElseThrow();
  }

  /** The stored execution of a task that must exist. */
  TaskState task(String instanceId, String taskId) {
    return queries().task(instanceId, taskId).orElseThrow();
  }

  /** Every status event so far, of every instance, in order. */
  List<StatusEvent> events() {
    return results.stream().flatMap(r -> r.events().stream()).toList();
  }

  List<StatusEvent> events(String instanceId) {
    return events().stream().filter(e -> e.instanceId().equals(instanceId)).toList();
  }

  static List<EventType> types(ProcessingResult result) {
    return result.events().stream().map(StatusEvent::event).map(Event::type).toList();
  }

  /** The rejection a result consists of; fails unless it is exactly one CommandRejected. */
  static CommandRejected rejection(ProcessingResult result) {
    if (result.events().size() != 1
        || !(result.events().get(0).event() instanceof CommandRejected rejected)) {
      throw new AssertionError("Expected exactly one CommandRejected, but got " + result.events());
    }
    return rejected;
  }

  /** Task ids dispatched by one result, in order. */
  static List<String> dispatched(ProcessingResult result) {
    return result.dispatches().stream().map(TaskDispatch::taskId).toList();
  }
}
