package dev.baton.engine;

import dev.baton.domain.Planner;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.event.WorkflowStarted;
import dev.baton.protocol.input.CreateWorkflow;

final class CreateWorkflowHandler implements InputHandler<CreateWorkflow> {

  private final Planner planner;
  private final Scheduler scheduler;

  CreateWorkflowHandler(Planner planner, Scheduler scheduler) {
    this.planner = planner;
    this.scheduler = scheduler;
  }

  @Override
  public void handle(CreateWorkflow command, Context ctx) {
    String id = command.instanceId();
    if (ctx.instance(id) != null) {
      ctx.reject(
          command,
          RejectionReason.ALREADY_EXISTS,
          "Expected to create instance '" + id + "', but an instance with this id already exists");
      return;
    }
    if (command.definitionProblem() != null) {
      ctx.rejectWithoutInstance(
          command,
          RejectionReason.INVALID_DEFINITION,
          "invalid definition: " + command.definitionProblem());
      return;
    }
    Planner.Result planned = planner.plan(command.definition());
    if (planned instanceof Planner.Invalid invalid) {
      ctx.rejectWithoutInstance(
          command, RejectionReason.INVALID_DEFINITION, "invalid definition: " + invalid.reason());
      return;
    }
    ctx.append(id, new WorkflowCreated(((Planner.Valid) planned).analysis()));
    if (command.start()) {
      ctx.append(id, new WorkflowStarted());
      scheduler.advance(ctx, ctx.instance(id));
    }
  }
}
