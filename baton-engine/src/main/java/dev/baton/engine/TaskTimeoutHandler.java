package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.protocol.TaskStatus;
import dev.baton.protocol.event.TaskTimedOut;
import dev.baton.protocol.event.WorkflowFailed;

/**
 * An attempt that reported nothing in time fails as a retryable failure would. Runs also while the
 * workflow is paused: attempts already out keep their own timeouts.
 */
final class TaskTimeoutHandler implements TimerHandler {

  private final Scheduler scheduler;

  TaskTimeoutHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(TimerEntry timer, Context ctx) {
    InstanceState instance = ctx.instance(timer.instanceId());
    TaskState task = ctx.state.task(timer.instanceId(), timer.taskId());
    if (instance == null
        || task == null
        || instance.status.isTerminal()
        || task.status != TaskStatus.RUNNING
        || task.attempt != timer.attempt()) {
      // Timers are cancelled with their attempt, so this is a defect, not a race.
      throw new IllegalStateException(
          "Expected attempt "
              + timer.attempt()
              + " of task '"
              + timer.taskId()
              + "' of instance '"
              + timer.instanceId()
              + "' to be running when its"
              + " timeout fired, but it is not");
    }
    String error = "timed out after " + task.timeoutMs + " ms";
    Long retryAt = Scheduler.retryAt(task, true, ctx.now);
    ctx.append(
        instance.instanceId,
        new TaskTimedOut(task.taskId, task.attempt, error, retryAt != null, retryAt));
    if (retryAt != null) {
      scheduler.advance(ctx, instance);
    } else {
      scheduler.end(ctx, instance, new WorkflowFailed(Scheduler.taskFailure(task, error)));
    }
  }
}
