package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.WorkflowState;
import dev.baton.protocol.Texts;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.CommandRejected;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.input.Input;
import dev.baton.protocol.output.TaskDispatch;
import dev.baton.protocol.output.WorkflowMetrics;
import java.util.ArrayList;
import java.util.List;

/**
 * The processing of one input: handlers read state through it and append events, which are applied
 * at once (so the handler sees their effect) and collected for output.
 */
final class Context {

  /** Read-only: handlers decide, and only the applier, through {@link #append}, changes state. */
  final WorkflowState state;

  final long now;
  private final EventApplier applier;
  private final List<StatusEvent> events = new ArrayList<>();
  private final List<TaskDispatch> dispatches = new ArrayList<>();
  private boolean changed;
  private boolean rejected;
  private boolean duplicate;
  private final String commandId;
  private String deletedInstanceId;

  /**
   * @param commandId the commandId of the command being processed, carried by every event it
   *     causes; null for results, timers and commands without one
   */
  Context(WorkflowState state, EventApplier applier, long now, String commandId) {
    this.state = state;
    this.applier = applier;
    this.now = now;
    this.commandId = commandId;
  }

  void append(String instanceId, Event event) {
    applier.apply(instanceId, event, now);
    InstanceState instance = state.instance(instanceId);
    events.add(
        new StatusEvent(
            instanceId,
            instance.workflowId,
            instance.seq,
            now,
            instance.status,
            instance.progress(),
            event,
            commandId));
    if (event instanceof TaskDispatched dispatched) {
      TaskState task = state.task(instanceId, dispatched.taskId());
      dispatches.add(
          new TaskDispatch(
              instanceId,
              instance.workflowId,
              task.taskId,
              task.name,
              dispatched.attempt(),
              task.inputJson,
              task.timeoutMs,
              now));
    }
    if (event instanceof CommandRejected) {
      rejected = true;
    } else {
      changed = true;
    }
  }

  /** Rejects an input for an instance that exists: the rejection takes the instance's next seq. */
  void reject(Input input, RejectionReason reason, String message) {
    append(
        input.instanceId(), new CommandRejected(input.wireType(), reason, Texts.capped(message)));
  }

  /** Rejects an input that names no existing instance: seq 0, no status or progress. */
  void rejectWithoutInstance(Input input, RejectionReason reason, String message) {
    events.add(
        new StatusEvent(
            input.instanceId(),
            null,
            0,
            now,
            null,
            null,
            new CommandRejected(input.wireType(), reason, Texts.capped(message)),
            commandId));
    rejected = true;
  }

  /** Deletes a finished instance whose retention ended: no event, it is simply gone. */
  void delete(InstanceState instance) {
    applier.delete(instance);
    deletedInstanceId = instance.instanceId;
    changed = true;
  }

  InstanceState instance(String instanceId) {
    return state.instance(instanceId);
  }

  boolean isRunning(InstanceState instance) {
    return instance.status == WorkflowStatus.RUNNING;
  }

  boolean changed() {
    return changed;
  }

  /** The input repeats one already applied, as the contract documents: nothing to do. */
  void ignoreDuplicate() {
    duplicate = true;
  }

  ProcessingResult result(WorkflowMetrics metrics) {
    ProcessingResult.Outcome outcome;
    if (changed) {
      outcome = ProcessingResult.Outcome.APPLIED;
    } else if (rejected) {
      outcome = ProcessingResult.Outcome.REJECTED;
    } else if (duplicate) {
      outcome = ProcessingResult.Outcome.IGNORED_DUPLICATE;
    } else {
      // Nothing appended is not a duplicate: a retry timer of a paused workflow has nothing to
      // dispatch yet, and says so by changing nothing.
      outcome = ProcessingResult.Outcome.UNCHANGED;
    }
    return new ProcessingResult(
        outcome, List.copyOf(events), List.copyOf(dispatches), metrics, deletedInstanceId);
  }
}
