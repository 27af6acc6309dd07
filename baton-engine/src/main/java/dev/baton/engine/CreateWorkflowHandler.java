package dev.baton.engine;

import dev.baton.domain.Planner;
import dev.baton.protocol.definition.DagAnalysis;
import dev.baton.protocol.definition.TaskDefinition;
import dev.baton.protocol.event.RejectionReason;
import dev.baton.protocol.event.WorkflowCreated;
import dev.baton.protocol.event.WorkflowStarted;
import dev.baton.protocol.input.CreateWorkflow;
import dev.baton.protocol.output.OutputBounds;

final class CreateWorkflowHandler implements InputHandler<CreateWorkflow> {

  private final Planner planner;
  private final Scheduler scheduler;
  private final long maxOutputRecordBytes;

  CreateWorkflowHandler(Planner planner, Scheduler scheduler, long maxOutputRecordBytes) {
    this.planner = planner;
    this.scheduler = scheduler;
    this.maxOutputRecordBytes = maxOutputRecordBytes;
  }

  /** Why a record this definition makes would be too large to write; null when all fit. */
  private String outputTooLarge(DagAnalysis analysis) {
    long created = OutputBounds.workflowCreated(analysis.plan());
    if (created > maxOutputRecordBytes) {
      return "invalid definition: its plan makes a WorkflowCreated event of up to "
          + created
          + " bytes, over the output limit of "
          + maxOutputRecordBytes
          + " (baton.max-output-record-bytes); use fewer tasks or shorter task ids";
    }
    for (TaskDefinition task : analysis.definition().tasks()) {
      long dispatch =
          Math.max(
              OutputBounds.dispatch(task),
              OutputBounds.storedTask(task, analysis.nodes().get(task.id()).dependents()));
      if (dispatch > maxOutputRecordBytes) {
        return "invalid definition: task '"
            + task.id()
            + "' makes records of up to "
            + dispatch
            + " bytes (its dispatch and stored state: input, name, dependents), over the limit of "
            + maxOutputRecordBytes
            + " (baton.max-output-record-bytes)";
      }
    }
    return null;
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
    DagAnalysis analysis = ((Planner.Valid) planned).analysis();
    String tooLarge = outputTooLarge(analysis);
    if (tooLarge != null) {
      ctx.rejectWithoutInstance(command, RejectionReason.INVALID_DEFINITION, tooLarge);
      return;
    }
    ctx.append(id, new WorkflowCreated(analysis));
    if (command.start()) {
      ctx.append(id, new WorkflowStarted());
      scheduler.advance(ctx, ctx.instance(id));
    }
  }
}
