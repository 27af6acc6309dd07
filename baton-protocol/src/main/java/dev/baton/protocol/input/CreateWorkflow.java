package dev.baton.protocol.input;

import dev.baton.protocol.definition.WorkflowDefinition;

/**
 * Create an instance from an embedded definition, and start it too when {@code start} is set.
 *
 * @param definition null when the definition could not be read; {@code definitionProblem} says why
 */
public record CreateWorkflow(
    String instanceId,
    String commandId,
    WorkflowDefinition definition,
    String definitionProblem,
    boolean start)
    implements Command {

  public static CreateWorkflow of(String instanceId, WorkflowDefinition definition) {
    return new CreateWorkflow(instanceId, null, definition, null, false);
  }

  @Override
  public String wireType() {
    return "CreateWorkflow";
  }
}
