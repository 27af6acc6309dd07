package dev.baton.engine;

import dev.baton.domain.LifecycleCause;
import dev.baton.engine.state.InstanceState;
import dev.baton.protocol.event.WorkflowResumed;
import dev.baton.protocol.input.ResumeWorkflow;

/** Resuming dispatches whatever became ready while paused, and completes a finished workflow. */
final class ResumeWorkflowHandler implements InputHandler<ResumeWorkflow> {

  private final Scheduler scheduler;

  ResumeWorkflowHandler(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void handle(ResumeWorkflow command, Context ctx) {
    InstanceState instance = LifecycleGuard.admit(command, LifecycleCause.RESUME, ctx);
    if (instance != null) {
      ctx.append(command.instanceId(), new WorkflowResumed());
      scheduler.advance(ctx, instance);
    }
  }
}
