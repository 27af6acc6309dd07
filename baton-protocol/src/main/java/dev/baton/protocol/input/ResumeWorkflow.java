package dev.baton.protocol.input;

public record ResumeWorkflow(String instanceId, String commandId) implements Command {

  public ResumeWorkflow(String instanceId) {
    this(instanceId, null);
  }

  @Override
  public String wireType() {
    return "ResumeWorkflow";
  }
}
