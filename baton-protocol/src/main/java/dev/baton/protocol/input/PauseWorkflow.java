package dev.baton.protocol.input;

public record PauseWorkflow(String instanceId, String commandId) implements Command {

  public PauseWorkflow(String instanceId) {
    this(instanceId, null);
  }

  @Override
  public String wireType() {
    return "PauseWorkflow";
  }
}
