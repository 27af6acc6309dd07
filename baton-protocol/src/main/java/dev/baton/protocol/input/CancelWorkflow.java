package dev.baton.protocol.input;

public record CancelWorkflow(String instanceId, String commandId, String reason)
    implements Command {

  public CancelWorkflow(String instanceId, String reason) {
    this(instanceId, null, reason);
  }

  @Override
  public String wireType() {
    return "CancelWorkflow";
  }
}
