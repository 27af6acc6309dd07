package dev.baton.engine;

import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.input.TaskResult;

/**
 * The checks every task result makes, in the contract's order: an exact repeat of an applied result
 * is ignored before anything can reject it, then an older attempt is stale.
 */
final class ResultGuard {

  private ResultGuard() {}

  /**
   * The running task the result is for; otherwise null, after a rejection or, for an exact repeat,
   * after nothing at all.
   */
  static TaskState admit(TaskResult result, AttemptOutcome outcome, Context ctx) {
    String id = result.instanceId();
    InstanceState instance = ctx.instance(id);
    if (instance == null) {
      ctx.rejectWithoutInstance(
          result,
          RejectionReason.UNKNOWN_INSTANCE,
          "Expected a result for instance '" + id + "', but no such instance was found");
      return null;
    }
    TaskState task = ctx.state.task(id, result.taskId());
    if (task == null) {
      ctx.reject(
          result,
          RejectionReason.UNKNOWN_TASK,
          "Expected a result for a task of instance '"
              + id
              + "', but its definition has no task '"
              + result.taskId()
              + "'");
      return null;
    }
    int attempt = result.attempt();
    if (task.outcomeOf(attempt) == outcome) {
      ctx.ignoreDuplicate();
      return null;
    }
    if (attempt < task.attempt) {
      ctx.reject(
          result,
          RejectionReason.STALE_ATTEMPT,
          "Expected a result for attempt "
              + task.attempt
              + " of task '"
              + task.taskId
              + "', but got one for attempt "
              + attempt);
      return null;
    }
    if (instance.status.isTerminal()) {
      ctx.reject(
          result,
          RejectionReason.WORKFLOW_TERMINAL,
          "Expected instance '" + id + "' to accept results, but it is " + instance.status);
      return null;
    }
    AttemptOutcome ended = task.outcomeOf(attempt);
    if (ended == AttemptOutcome.FAILED || ended == AttemptOutcome.TIMED_OUT) {
      ctx.reject(
          result,
          RejectionReason.STALE_ATTEMPT,
          "Expected a result for a running attempt"
              + " of task '"
              + task.taskId
              + "', but attempt "
              + attempt
              + " has already "
              + (ended == AttemptOutcome.FAILED ? "failed" : "timed out"));
      return null;
    }
    if (attempt != task.attempt || task.status != TaskStatus.RUNNING) {
      ctx.reject(
          result,
          RejectionReason.TASK_NOT_RUNNING,
          "Expected task '"
              + task.taskId
              + "' to be running attempt "
              + attempt
              + ", but it is "
              + task.status
              + (task.attempt > 0 ? " at attempt " + task.attempt : ""));
      return null;
    }
    return task;
  }
}
