package dev.baton.engine;

import dev.baton.domain.WorkflowStatus;
import dev.baton.engine.event.Event;
import dev.baton.engine.event.TaskCancelled;
import dev.baton.engine.event.TaskDispatched;
import dev.baton.engine.event.WorkflowCompleted;
import dev.baton.engine.state.IndexEntry;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
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
    if (!instance.allowParallel) {
      if (instance.runningTasks == 0) {
        ctx.state.readyTasks(id, 1).forEach(taskId -> dispatch(ctx, id, taskId));
      }
    } else {
      ctx.state.readyTasks(id, Integer.MAX_VALUE).forEach(taskId -> dispatch(ctx, id, taskId));
    }
    if (instance.completedTasks == instance.totalTasks) {
      ctx.append(id, new WorkflowCompleted());
    }
  }

  private static void dispatch(Context ctx, String instanceId, String taskId) {
    TaskState task = ctx.state.task(instanceId, taskId);
    ctx.append(instanceId, new TaskDispatched(taskId, task.attempt + 1));
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
