package dev.baton.protocol.input;

/** Redrives a FAILED instance from its point of failure (contract v1.1). */
public record RetryWorkflow(String instanceId, String commandId) implements Command {

  public RetryWorkflow(String instanceId) {
    this(instanceId, null);
  }

  @Override
  public String wireType() {
    return "RetryWorkflow";
  }
}
