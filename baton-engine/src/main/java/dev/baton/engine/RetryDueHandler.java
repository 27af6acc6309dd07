package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TimerEntry;

/**
 * A retry's backoff has passed: dispatch it if the workflow runs. While it is paused the retry
 * stays ready, held, and resuming dispatches it.
 */
final class RetryDueHandler implements TimerHandler {

  private final Scheduler scheduler;

  RetryDueHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(TimerEntry timer, Context ctx) {
    InstanceState instance = ctx.instance(timer.instanceId());
    if (instance == null) {
      throw new IllegalStateException(
          "Expected instance '"
              + timer.instanceId()
              + "' to exist when a retry of task '"
              + timer.taskId()
              + "' came due, but it does not");
    }
    scheduler.advance(ctx, instance);
  }
}
