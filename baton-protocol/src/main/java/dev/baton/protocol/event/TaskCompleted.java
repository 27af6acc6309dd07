package dev.baton.protocol.event;

/**
 * A task attempt completed.
 *
 * @param outputJson the output as kept (raw JSON, or the truncation marker), or null when the
 *     worker sent none
 */
public record TaskCompleted(String taskId, int attempt, String outputJson) implements Event {

  public TaskCompleted(String taskId, int attempt) {
    this(taskId, attempt, null);
  }

  @Override
  public EventType type() {
    return EventType.TaskCompleted;
  }
}
