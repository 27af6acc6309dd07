package dev.baton.engine;

import dev.baton.domain.LifecycleCause;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.event.WorkflowCancelled;
import dev.baton.protocol.input.CancelWorkflow;

final class CancelWorkflowHandler implements InputHandler<CancelWorkflow> {

  private final Scheduler scheduler;

  CancelWorkflowHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(CancelWorkflow command, Context ctx) {
    InstanceState instance = LifecycleGuard.admit(command, LifecycleCause.CANCEL, ctx);
    if (instance != null) {
      scheduler.end(ctx, instance, new WorkflowCancelled(command.reason()));
    }
  }
}
