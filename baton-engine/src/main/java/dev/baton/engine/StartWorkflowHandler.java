package dev.baton.engine;

import dev.baton.domain.LifecycleCause;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.event.WorkflowStarted;
import dev.baton.protocol.input.StartWorkflow;

final class StartWorkflowHandler implements InputHandler<StartWorkflow> {

  private final Scheduler scheduler;

  StartWorkflowHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(StartWorkflow command, Context ctx) {
    InstanceState instance = LifecycleGuard.admit(command, LifecycleCause.START, ctx);
    if (instance != null) {
      ctx.append(command.instanceId(), new WorkflowStarted());
      scheduler.advance(ctx, instance);
    }
  }
}
