package dev.baton.protocol.event;

public record TaskFailed(String taskId, int attempt, String error, boolean willRetry, Long retryAt)
    implements Event {

  @Override
  public EventType type() {
    return EventType.TaskFailed;
  }
}
