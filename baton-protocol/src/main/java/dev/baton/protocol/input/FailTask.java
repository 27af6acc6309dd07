package dev.baton.protocol.input;

/** A worker's {@code TaskFailed}. {@code retryable} false fails the task at once. */
public record FailTask(
    String instanceId, String taskId, int attempt, String error, boolean retryable)
    implements TaskResult {

  public FailTask(String instanceId, String taskId, int attempt, String error) {
    this(instanceId, taskId, attempt, error, true);
  }

  @Override
  public String wireType() {
    return "TaskFailed";
  }
}
