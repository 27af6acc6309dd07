package dev.baton.engine;

import dev.baton.domain.LifecycleCause;
import dev.baton.protocol.event.WorkflowPaused;
import dev.baton.protocol.input.PauseWorkflow;

/** Pausing only stops new dispatches; attempts already running go on and are recorded. */
final class PauseWorkflowHandler implements InputHandler<PauseWorkflow> {

  @Override
  public void handle(PauseWorkflow command, Context ctx) {
    if (LifecycleGuard.admit(command, LifecycleCause.PAUSE, ctx) != null) {
      ctx.append(command.instanceId(), new WorkflowPaused());
    }
  }
}
