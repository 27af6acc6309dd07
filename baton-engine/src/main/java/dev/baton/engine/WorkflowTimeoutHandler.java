package dev.baton.engine;

import dev.baton.engine.state.InstanceState;
import dev.baton.engine.state.TimerEntry;
import dev.baton.protocol.WorkflowStatus;
import dev.baton.protocol.event.WorkflowFailed;

/** The workflow ran out of time: it fails, and its running tasks are cancelled. */
final class WorkflowTimeoutHandler implements TimerHandler {

  private final Scheduler scheduler;

  WorkflowTimeoutHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(TimerEntry timer, Context ctx) {
    InstanceState instance = ctx.instance(timer.instanceId());
    if (instance == null || instance.status != WorkflowStatus.RUNNING) {
      // The clock is stopped on pause and on every terminal status, so this is a defect.
      throw new IllegalStateException(
          "Expected instance '"
              + timer.instanceId()
              + "' to be running when its timeout fired, but it is "
              + (instance == null ? "missing" : instance.status));
    }
    scheduler.end(
        ctx,
        instance,
        new WorkflowFailed("workflow timed out after " + instance.timeoutMs + " ms"));
  }
}
