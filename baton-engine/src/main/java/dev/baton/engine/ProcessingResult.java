package dev.baton.engine;

import dev.baton.engine.state.TimerEntry;
import dev.baton.protocol.event.StatusEvent;
import dev.baton.protocol.output.TaskDispatch;
import dev.baton.protocol.output.WorkflowMetrics;
import java.util.List;

/**
 * What one input produced: status events in order, task dispatches, and the instance's metrics
 * snapshot when its state changed.
 *
 * @param metrics null when nothing changed (or the instance was deleted)
 * @param deletedInstanceId the instance this unit of work deleted (its retention ended), or null
 * @param timer the timer this unit of work fired (its kind and due time, for the server's metrics
 *     of timer lag), or null when an input caused it
 */
public record ProcessingResult(
    Outcome outcome,
    List<StatusEvent> events,
    List<TaskDispatch> dispatches,
    WorkflowMetrics metrics,
    String deletedInstanceId,
    TimerEntry timer) {

  public ProcessingResult(
      Outcome outcome,
      List<StatusEvent> events,
      List<TaskDispatch> dispatches,
      WorkflowMetrics metrics,
      String deletedInstanceId) {
    this(outcome, events, dispatches, metrics, deletedInstanceId, null);
  }

  public ProcessingResult(
      Outcome outcome,
      List<StatusEvent> events,
      List<TaskDispatch> dispatches,
      WorkflowMetrics metrics) {
    this(outcome, events, dispatches, metrics, null);
  }

  /** How the engine took an input. */
  public enum Outcome {
    /** The instance changed. */
    APPLIED,
    /** Refused with a {@code CommandRejected}; nothing changed. */
    REJECTED,
    /** A documented duplicate (a seen commandId, a repeated result): no change, no event. */
    IGNORED_DUPLICATE,
    /** Taken, and nothing followed from it: a timer with nothing to do, for instance. */
    UNCHANGED
  }

  /** This result, as the work of {@code fired}. */
  ProcessingResult firedBy(TimerEntry fired) {
    return new ProcessingResult(outcome, events, dispatches, metrics, deletedInstanceId, fired);
  }

  static ProcessingResult ignored() {
    return new ProcessingResult(Outcome.IGNORED_DUPLICATE, List.of(), List.of(), null);
  }
}
