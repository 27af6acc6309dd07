package dev.baton.engine;

import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.event.TaskFailed;
import dev.baton.protocol.event.WorkflowFailed;
import dev.baton.protocol.input.FailTask;

/** Retries a failed attempt while attempts are left and the failure is retryable; else fails. */
final class FailTaskHandler implements InputHandler<FailTask> {

  private final Scheduler scheduler;

  FailTaskHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(FailTask result, Context ctx) {
    TaskState task = ResultGuard.admit(result, AttemptOutcome.FAILED, ctx);
    if (task == null) {
      return;
    }
    String id = result.instanceId();
    InstanceState instance = ctx.instance(id);
    Long retryAt = Scheduler.retryAt(task, result.retryable(), ctx.now);
    String error = result.error() == null ? "no error given" : result.error();
    ctx.append(id, new TaskFailed(task.taskId, task.attempt, error, retryAt != null, retryAt));
    if (retryAt != null) {
      scheduler.advance(ctx, instance);
    } else {
      scheduler.end(ctx, instance, new WorkflowFailed(Scheduler.taskFailure(task, error)));
    }
  }
}
