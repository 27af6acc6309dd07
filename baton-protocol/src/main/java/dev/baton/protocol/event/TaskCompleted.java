package dev.baton.protocol.event;

public record TaskCompleted(String taskId, int attempt) implements Event {

  @Override
  public EventType type() {
    return EventType.TaskCompleted;
  }
}
