package dev.baton.protocol.input;

public record StartWorkflow(String instanceId, String commandId) implements Command {

  public StartWorkflow(String instanceId) {
    this(instanceId, null);
  }

  @Override
  public String wireType() {
    return "StartWorkflow";
  }
}
