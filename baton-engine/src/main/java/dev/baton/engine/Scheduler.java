package dev.baton.engine;

import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.Durations;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.Event;
import dev.baton.protocol.event.TaskCancelled;
import dev.baton.protocol.event.TaskDispatched;
import dev.baton.protocol.event.WorkflowCompleted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Decisions several handlers share: what to dispatch now, when the workflow is done, ending it. */
final class Scheduler {

  /**
   * Dispatches what is ready, if the workflow is running: everything ready, or under sequential
   * execution the next task in execution order once nothing runs. Then completes the workflow if
   * every task has completed.
   */
  void advance(Context ctx, InstanceState instance) {
    if (instance.status != WorkflowStatus.RUNNING) {
      return;
    }
    String id = instance.instanceId;
    // A ready task still waiting out its retry backoff is left for its timer. Under sequential
    // execution it is also the next in order, so nothing else runs before it.
    int limit = instance.allowParallel ? Integer.MAX_VALUE : (instance.runningTasks == 0 ? 1 : 0);
    for (IndexEntry ready : ctx.state.readyTasks(id, limit)) {
      if (ready.isDueAt(ctx.now)) {
        dispatch(ctx, id, ready.taskId());
      }
    }
    if (instance.completedTasks == instance.totalTasks) {
      ctx.append(id, new WorkflowCompleted());
    }
  }

  private static void dispatch(Context ctx, String instanceId, String taskId) {
    TaskState task = ctx.state.task(instanceId, taskId);
    ctx.append(instanceId, new TaskDispatched(taskId, task.attempt + 1));
  }

  /**
   * What follows a failed or timed-out attempt: when the task may be dispatched again (after its
   * backoff), or null when it has no attempts left or the failure is not retryable.
   */
  static Long retryAt(TaskState task, boolean retryable, long now) {
    if (!retryable || task.attempt >= task.attemptsAllowed) {
      return null;
    }
    return task.retryBackoff == null
        ? now
        : Durations.plus(now, task.retryBackoff.delayAfterAttempt(task.attempt));
  }

  /** The error a workflow fails with when a task has no attempts left. */
  static String taskFailure(TaskState task, String error) {
    return "task " + task.taskId + " failed after " + task.attempt + " attempts: " + error;
  }

  /** Cancels every running task, then appends the terminal event. */
  void end(Context ctx, InstanceState instance, Event terminal) {
    String id = instance.instanceId;
    List<TaskState> running = new ArrayList<>();
    for (IndexEntry entry : ctx.state.frontierByTail(id, Integer.MAX_VALUE)) {
      if (entry.running()) {
        running.add(ctx.state.task(id, entry.taskId()));
      }
    }
    running.sort(Comparator.comparingInt(t -> t.orderIndex));
    for (TaskState task : running) {
      ctx.append(id, new TaskCancelled(task.taskId, task.attempt));
    }
    ctx.append(id, terminal);
  }
}
