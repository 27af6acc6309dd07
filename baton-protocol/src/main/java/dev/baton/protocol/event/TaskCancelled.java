package dev.baton.protocol.event;

public record TaskCancelled(String taskId, int attempt) implements Event {

  @Override
  public EventType type() {
    return EventType.TaskCancelled;
  }
}
