package dev.baton.engine;

import dev.baton.engine.state.AttemptOutcome;
import dev.baton.engine.state.TaskState;
import dev.baton.protocol.event.TaskCompleted;
import dev.baton.protocol.input.CompleteTask;

/** Records a completion (also while paused) and releases whatever it unblocked. */
final class CompleteTaskHandler implements InputHandler<CompleteTask> {

  private final Scheduler scheduler;

  CompleteTaskHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(CompleteTask result, Context ctx) {
    TaskState task = ResultGuard.admit(result, AttemptOutcome.COMPLETED, ctx);
    if (task != null) {
      ctx.append(result.instanceId(), new TaskCompleted(task.taskId, result.attempt()));
      scheduler.advance(ctx, ctx.instance(result.instanceId()));
    }
  }
}
