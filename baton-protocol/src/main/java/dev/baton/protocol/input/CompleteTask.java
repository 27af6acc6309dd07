package dev.baton.protocol.input;

/** A worker's {@code TaskCompleted}. @param outputJson raw JSON, or null */
public record CompleteTask(String instanceId, String taskId, int attempt, String outputJson)
    implements TaskResult {

  public CompleteTask(String instanceId, String taskId, int attempt) {
    this(instanceId, taskId, attempt, null);
  }

  @Override
  public String wireType() {
    return "TaskCompleted";
  }
}
